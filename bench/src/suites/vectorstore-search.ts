import { encodeVector } from '@x/redis-core';
import { type BenchCase, type BenchGroup, inFlightCase } from '../harness.js';
import {
  type EngineContext,
  type EngineSetup,
  SEARCH_VS_PEER,
  SEARCH_VS_RAW,
} from './vectorstore-engine.js';
import { HNSW, hitIds, K, words } from './vectorstore-raw.js';

/**
 * Similarity search one query at a time on an index written once: ours against the raw
 * command (and, on the Query Engine, against @langchain/redis on its own index).
 */
export async function searchGroups(context: EngineContext): Promise<EngineSetup> {
  const { engine, client, prefix, count, data, documents, ids, query, side, peer, label } = context;
  const { drop, ours, langChain } = context;
  const groups: BenchGroup[] = [];
  // The searched indexes: written once, then queried one query at a time.
  const searchedName = `${prefix}${side}search`;
  const searched = ours(searchedName);
  await searched.addVectors(data, documents, { ids });
  const peerSearched = peer ? langChain(`${prefix}${side}lcsearch`) : undefined;
  await peerSearched?.addVectors(data, documents, {
    keys: ids.map((id) => `${prefix}${side}lcsearch:doc:${id}`),
  });
  const total = count >= 10_000 ? 1_000 : 300;
  const oneAtATime = (
    name: string,
    kind: BenchCase['kind'],
    task: (index: number) => Promise<unknown>,
  ) => inFlightCase(name, kind, total, 1, task);
  const vectorSetRaw = async (index: number) => {
    const base = `${searchedName}:{${searchedName}}`;
    const options = words(`WITHSCORES COUNT ${K} EF ${HNSW.efRuntime}`);
    const reply = await client.sendCommand([
      'VSIM',
      `${base}:vectors`,
      'FP32',
      encodeVector(query(index)),
      ...options,
    ]);
    const rows = await Promise.all(
      hitIds(reply).map((id) => client.hmGet(`${base}:doc:${id}`, ['content', 'metadata'])),
    );
    return rows.map(([content, metadata]) => ({ content, metadata: JSON.parse(String(metadata)) }));
  };
  // The peer names its vector field `content_vector` (ours: `vector`) and stores its metadata
  // JSON with `-`, `:` and `"` escaped by a backslash, which it removes when reading.
  const queryEngineRaw = async (index: number, indexName: string) => {
    const onPeer = indexName !== searchedName;
    const field = onPeer ? 'content_vector' : 'vector';
    const text = (value: unknown) =>
      onPeer
        ? String(value).replaceAll('\\-', '-').replaceAll('\\:', ':').replaceAll('\\"', '"')
        : String(value);
    const knn = `*=>[KNN ${K} @${field} $vector EF_RUNTIME $ef AS __distance]`;
    const reply = await client.ft.search(indexName, knn, {
      PARAMS: { vector: encodeVector(query(index)), ef: String(HNSW.efRuntime) },
      RETURN: ['content', 'metadata', '__distance'],
      SORTBY: { BY: '__distance', DIRECTION: 'ASC' },
      LIMIT: { from: 0, size: K },
      DIALECT: 2,
    });
    return reply.documents.map(({ value }) => ({
      ...value,
      metadata: JSON.parse(text(value.metadata)),
    }));
  };
  const searchOurs = oneAtATime('ours: similaritySearchVectorWithScore', 'ours', (index) =>
    searched.similaritySearchVectorWithScore(query(index), K),
  );
  if (peer && peerSearched) {
    const peerName = '@langchain/redis: similaritySearchVectorWithScore';
    const rawSearch = 'raw: FT.SEARCH KNN + JSON.parse';
    const rawOnPeer = 'raw: the same FT.SEARCH on the index of @langchain/redis';
    const rawAgain = 'raw: the same FT.SEARCH KNN + JSON.parse, measured again';
    const peerIndex = `${prefix}${side}lcsearch`;
    groups.push(
      {
        name: `${label}: similarity search k=${K}, one at a time (latency ms = 1000 / ops/s), against the raw command`,
        short: `vector store (${engine}): search vs raw FT.SEARCH`,
        baseline: rawSearch,
        cases: [
          oneAtATime(rawSearch, 'raw', (index) => queryEngineRaw(index, searchedName)),
          searchOurs,
          // The baseline again: how far apart two measurements of the very same work fall here.
          oneAtATime(rawAgain, 'raw', (index) => queryEngineRaw(index, searchedName)),
        ],
        targets: [
          {
            case: searchOurs.name,
            min: SEARCH_VS_RAW,
            label: `vector store search ≥ ${SEARCH_VS_RAW}× raw FT.SEARCH`,
            limit: (ratio) =>
              `ours sends the same FT.SEARCH (same arguments, one round trip) and turns its reply into Documents; the baseline measured a second time in the same group runs at ${ratio(rawAgain).toFixed(2)}× of itself, the spread of one-at-a-time latencies on this machine`,
          },
        ],
      },
      {
        name: `${label}: similarity search k=${K}, one at a time (latency ms = 1000 / ops/s), against @langchain/redis`,
        short: `vector store (${engine}): search vs @langchain/redis`,
        baseline: peerName,
        cases: [
          oneAtATime(peerName, 'langchain', (index) =>
            peerSearched.similaritySearchVectorWithScore(query(index), K),
          ),
          searchOurs,
          oneAtATime(rawOnPeer, 'raw', (index) => queryEngineRaw(index, peerIndex)),
          oneAtATime(rawSearch, 'raw', (index) => queryEngineRaw(index, searchedName)),
        ],
        targets: [
          {
            case: searchOurs.name,
            min: SEARCH_VS_PEER,
            label: `vector store search ≥ ${SEARCH_VS_PEER}× @langchain/redis`,
            limit: (ratio) =>
              `the two indexes, not the clients: the same raw FT.SEARCH runs at ${ratio(rawOnPeer).toFixed(2)}× on @langchain/redis's index and ${ratio(rawSearch).toFixed(2)}× on ours (same data, same HNSW settings; each graph is built with its own random levels), and ours runs at ${(ratio(searchOurs.name) / ratio(rawSearch)).toFixed(2)}× the raw command on its own index`,
          },
        ],
      },
    );
  } else {
    const rawSearch = 'raw: VSIM WITHSCORES + HMGET of each hit (pipelined) + JSON.parse';
    groups.push({
      name: `${label}: similarity search k=${K}, one at a time (latency ms = 1000 / ops/s)`,
      short: `vector store (${engine}): search, one at a time`,
      baseline: rawSearch,
      cases: [oneAtATime(rawSearch, 'raw', vectorSetRaw), searchOurs],
    });
  }
  return {
    groups,
    cleanup: async () => {
      await drop(searchedName);
      if (peer) await drop(`${prefix}${side}lcsearch`);
    },
  };
}
