import { detectCapabilities, RedisConnection } from '@x/redis-core';
import type { BenchGroup, BenchSuite } from '../harness.js';
import {
  engineContext,
  INGEST_VS_RAW,
  newClient,
  SEARCH_VS_PEER,
  SEARCH_VS_RAW,
} from './vectorstore-engine.js';
import { ingestGroups } from './vectorstore-ingest.js';
import { searchGroups } from './vectorstore-search.js';

/** RedisVectorStore on each engine the server offers, against raw node-redis and @langchain/redis. */
export const vectorStoreSuite: BenchSuite = {
  name: 'vectorstore',
  async setup({ url, quick, prefix, record }) {
    const client = newClient(url);
    await client.connect();
    const capabilities = await detectCapabilities(RedisConnection.from({ client }));
    const count = quick ? 1_000 : 10_000;
    const groups: BenchGroup[] = [];
    const cleanups: (() => Promise<void>)[] = [];
    if (!capabilities.queryEngine) {
      const reason = `${capabilities.server} ${capabilities.redisVersion} has no Query Engine, which @langchain/redis needs`;
      for (const label of [
        `vector ingest ≥ ${INGEST_VS_RAW['query-engine']}× one raw pipelined batch (query-engine)`,
        `vector store search ≥ ${SEARCH_VS_RAW}× raw FT.SEARCH`,
        `vector store search ≥ ${SEARCH_VS_PEER}× @langchain/redis`,
      ]) {
        record({
          name: label,
          scope: 'query-engine',
          value: Number.NaN,
          unit: 'ratio',
          skipped: reason,
          target: { label },
        });
      }
    }
    for (const engine of ['query-engine', 'vector-set'] as const) {
      if (engine === 'query-engine' ? !capabilities.queryEngine : !capabilities.vectorSets)
        continue;
      const context = engineContext(engine, client, prefix, count);
      for (const part of [ingestGroups, searchGroups]) {
        const setup = await part(context);
        groups.push(...setup.groups);
        cleanups.push(setup.cleanup);
      }
    }
    return {
      groups,
      teardown: async () => {
        for (const cleanup of cleanups) await cleanup();
        await client.close();
      },
    };
  },
};
