import { encodeVector, type VectorEngine } from '@x/redis-core';
import { type BenchCase, inFlight } from '../harness.js';
import { type Client, parseHits, rawQuery, SEARCH_AND_READ } from './vector-index-raw.js';

export const PARSED_BY_HAND = 'raw FT.SEARCH, then each hit parsed by hand (fields, metadata JSON)';
export const SCRIPTED = 'raw: one EVALSHA_RO, VSIM + HMGET inside (main thread)';
export const BY_HAND = 'raw VSIM, then HMGET of each hit';

/**
 * The raw cases beside the plain command, which isolate what our query does beyond it: on
 * vector sets the documents read by hand after VSIM (and in one script), on the Query Engine the
 * reply parsed by hand. `total` operations in flight, a tenth one at a time.
 */
export async function extraCases(context: {
  engine: VectorEngine;
  client: Client;
  target: string;
  query: (index: number) => number[];
  total: number;
  /** How many reads by hand are in flight in their in-flight case. */
  inFlightCount: number;
}): Promise<(concurrency: number, count: number) => BenchCase[]> {
  const { engine, client, target, query, total, inFlightCount } = context;
  // VSIM alone returns ids; what a query returns also needs the documents, read by hand here.
  const readByHand = async (index: number) => {
    const hits = await client.sendCommand(rawQuery(engine, target, query(index), false));
    const ids = Object.keys(hits as Record<string, unknown>);
    const base = target.slice(0, -':vectors'.length);
    const read = (id: string) => ['HMGET', `${base}:doc:${id}`, 'content', 'metadata'];
    await Promise.all(ids.map((id) => client.sendCommand(read(id))));
  };
  const byHand: BenchCase = {
    name: BY_HAND,
    kind: 'raw',
    operations: total,
    run: () => inFlight(total, inFlightCount, readByHand),
  };
  // FT.SEARCH returns the documents; what a query returns also needs them parsed, by hand here.
  const parsedByHand = (concurrency: number, count: number): BenchCase => ({
    name: PARSED_BY_HAND,
    kind: 'raw',
    operations: count,
    run: () =>
      inFlight(count, concurrency, async (index) =>
        parseHits(await client.sendCommand(rawQuery(engine, target, query(index), false))),
      ),
  });
  // One round trip instead of two: the search and the reads in one script. Scripts run on the
  // main thread, so the search then blocks every other client for its duration.
  const sha =
    engine === 'vector-set'
      ? String(await client.sendCommand(['SCRIPT', 'LOAD', SEARCH_AND_READ]))
      : '';
  const inScript = (index: number) =>
    client.sendCommand([
      'EVALSHA_RO',
      sha,
      '1',
      target,
      encodeVector(query(index)),
      `${target.slice(0, -':vectors'.length)}:doc:`,
    ]);
  const scripted = (concurrency: number, count: number): BenchCase => ({
    name: SCRIPTED,
    kind: 'raw',
    operations: count,
    run: () => inFlight(count, concurrency, inScript),
  });
  const byHand1: BenchCase = {
    ...byHand,
    operations: total / 10,
    run: () => inFlight(total / 10, 1, (index) => readByHand(index)),
  };
  const extras = (concurrency: number, count: number) =>
    engine === 'vector-set'
      ? [concurrency === 1 ? byHand1 : byHand, scripted(concurrency, count)]
      : [parsedByHand(concurrency, count)];
  return extras;
}
