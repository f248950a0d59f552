import type { BenchCase, BenchGroup } from '../harness.js';
import { type EngineContext, type EngineSetup, INGEST_VS_RAW } from './vectorstore-engine.js';
import { rawCreate, rawQueryEngineWrite, rawVectorSetWrite } from './vectorstore-raw.js';

/** Documents each ingest repetition writes: enough for a steady rate (the scale suite goes to 100k). */
const INGEST_COUNT = 2_000;
/**
 * Ingest of documents with precomputed embeddings: ours against one raw pipelined batch of
 * the same commands (and the checks alone), and on the Query Engine against @langchain/redis.
 */
export async function ingestGroups(context: EngineContext): Promise<EngineSetup> {
  const { engine, client, prefix, count, data, documents, ids, side, peer, label } = context;
  const { drop, ours, langChain } = context;
  const drops: (() => Promise<unknown>)[] = [];
  // Each ingest run writes into a fresh index; every case first drops its previous one the same way.
  const ingest = (label: string, write: (name: string) => Promise<unknown>) => {
    let generation = 0;
    let previous: string | undefined;
    drops.push(async () => previous && drop(previous));
    return async () => {
      if (previous) await drop(previous);
      previous = `${prefix}${side}${label}${generation++}`;
      await write(previous);
    };
  };
  const ingested = documents.slice(0, Math.min(count, INGEST_COUNT));
  const rawIngest = ingest('raw', async (name) => {
    const base = engine === 'vector-set' ? `${name}:{${name}}` : name;
    if (engine === 'query-engine') await client.sendCommand(rawCreate(name));
    await Promise.all(
      ingested.map((document, position) => {
        const multi = client.multi();
        const commands =
          engine === 'vector-set'
            ? rawVectorSetWrite(base, document, data[position] as number[])
            : rawQueryEngineWrite(base, document, data[position] as number[]);
        for (const command of commands) multi.addCommand(command);
        return multi.exec();
      }),
    );
  });
  const ingestedIds = ids.slice(0, ingested.length);
  const ingestedData = data.slice(0, ingested.length);
  const oursIngest = ingest('ours', (name) =>
    ours(name).addVectors(ingestedData, ingested, { ids: ingestedIds }),
  );
  const peerIngest = ingest('lc', (name) =>
    langChain(name).addVectors(ingestedData, ingested, {
      keys: ingestedIds.map((id) => `${name}:doc:${id}`),
    }),
  );

  // The checks a batch gets before anything is written (all-or-nothing): a batch whose last
  // vector is bad is refused after every document was checked, and nothing is sent.
  const checking = ours(`${prefix}${side}checks`);
  await checking.addVectors(ingestedData.slice(0, 1), ingested.slice(0, 1), {
    ids: ingestedIds.slice(0, 1),
  });
  drops.push(() => drop(`${prefix}${side}checks`));
  const refused = ingestedData.map((vector, position) =>
    position === ingestedData.length - 1 ? vector.map(() => Number.NaN) : vector,
  );
  const checksName = 'ours: the checks alone (a batch refused at its last document, nothing sent)';
  const checksCase: BenchCase = {
    name: checksName,
    kind: 'ours',
    operations: ingested.length,
    run: async () => {
      const refusal = await checking.addVectors(refused, ingested, { ids: ingestedIds }).then(
        () => undefined,
        (error: unknown) => error,
      );
      if (refusal === undefined) throw new Error('the bad batch was written');
    },
  };

  const rawName = 'raw: one pipelined batch of the same MULTI per document';
  const oursName = 'ours: addVectors';
  const peerName = '@langchain/redis: addVectors';
  const groups: BenchGroup[] = [
    {
      name: `${label}: ingest of ${ingested.length} documents with precomputed embeddings, documents/s`,
      short: `vector store (${engine}): ingest`,
      baseline: rawName,
      cases: [
        { name: rawName, kind: 'raw', operations: ingested.length, run: rawIngest },
        { name: oursName, kind: 'ours', operations: ingested.length, run: oursIngest },
        checksCase,
      ],
      targets: [
        {
          case: oursName,
          min: INGEST_VS_RAW[engine],
          label: `vector ingest ≥ ${INGEST_VS_RAW[engine]}× one raw pipelined batch (${engine})`,
          limit: (ratio) => {
            const share = 1 / ratio(checksName);
            const slower = 1 / ratio(oursName) - 1;
            return `every document is checked before the first is written, so that a bad batch writes nothing: the checks alone take ${(share * 100).toFixed(1)}% of the raw batch's time, during which the server waits, of the ${(slower * 100).toFixed(1)}% more time ours takes; the rest, not isolated here, lies in a new store's setup (engine detection, FT.INFO, FT.CREATE: 1.5 ms measured by src/profile/qe-ingest.ts) and the chunks of 500, each awaited`;
          },
        },
      ],
    },
  ];
  if (peer) {
    groups.push({
      name: `${label}: ingest of ${ingested.length} documents with precomputed embeddings, documents/s, against @langchain/redis`,
      short: `vector store (${engine}): ingest vs @langchain/redis`,
      baseline: peerName,
      cases: [
        { name: peerName, kind: 'langchain', operations: ingested.length, run: peerIngest },
        { name: rawName, kind: 'raw', operations: ingested.length, run: rawIngest },
        { name: oursName, kind: 'ours', operations: ingested.length, run: oursIngest },
      ],
    });
  }

  return {
    groups,
    cleanup: async () => {
      for (const dropPrevious of drops) await dropPrevious();
    },
  };
}
