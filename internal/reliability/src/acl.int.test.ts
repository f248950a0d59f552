import type { VectorEngine } from '@x/redis-core';
import { probeServer, type RedisServerProcess, spawnRedisServer } from '@x/test-utils';
import { createClient } from 'redis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { documentedAclRule, parseAclLog, passwordOf, prefixOf } from './acl.js';
import {
  chatHistoryContract,
  checkpointSaverContract,
  exactCacheContract,
  memoryStoreContract,
  semanticCacheContract,
  semanticMemoryStoreContract,
  vectorStoreContract,
} from './contracts/index.js';
import { recordFigures } from './figures.js';
import { describeSpawned } from './spawned-redis.js';

type Contract = typeof exactCacheContract;

/** Each README's rule and the contract that exercises what it covers. */
const RULES: {
  name: string;
  readme: string;
  /** Picks one engine's rule where a README has one per engine (`+vadd`, `+ft.search`). */
  including?: string;
  /** Picks the rule of this user where a README has one per use. */
  username?: string;
  /** The engine the rule is for; the scenario needs a spawned server that offers it. */
  engine?: VectorEngine;
  contract: Contract;
  /** A known difference between the documented rule and what the package sends. */
  mismatch?: string;
}[] = [
  { name: 'llm-cache', readme: 'packages/llm-cache/README.md', contract: exactCacheContract },
  {
    name: 'chat-history',
    readme: 'packages/chat-history/README.md',
    contract: chatHistoryContract,
  },
  {
    name: 'langgraph saver',
    readme: 'packages/langgraph/README.md',
    username: 'graph-app',
    contract: checkpointSaverContract,
  },
  {
    name: 'langgraph store',
    readme: 'packages/langgraph/README.md',
    username: 'graph-app',
    contract: memoryStoreContract,
  },
  {
    name: 'langgraph store semantic search (vector-set)',
    readme: 'packages/langgraph/README.md',
    including: '+vadd',
    username: 'graph-memory',
    contract: semanticMemoryStoreContract,
  },
  {
    name: 'langgraph store semantic search (query-engine)',
    readme: 'packages/langgraph/README.md',
    including: '+ft.search',
    username: 'graph-memory',
    engine: 'query-engine',
    contract: semanticMemoryStoreContract,
  },
  {
    name: 'vectorstore (vector-set)',
    readme: 'packages/vectorstore/README.md',
    including: '+vadd',
    contract: vectorStoreContract,
  },
  {
    name: 'semantic-cache (vector-set)',
    readme: 'packages/semantic-cache/README.md',
    including: '+vadd',
    contract: semanticCacheContract,
  },
  {
    name: 'redis-core vector index (vector-set), through the vector store',
    readme: 'packages/redis-core/README.md',
    including: '+vadd',
    contract: vectorStoreContract,
  },
  {
    name: 'vectorstore (query-engine)',
    readme: 'packages/vectorstore/README.md',
    including: '+ft.search',
    engine: 'query-engine',
    contract: vectorStoreContract,
  },
  {
    name: 'semantic-cache (query-engine)',
    readme: 'packages/semantic-cache/README.md',
    including: '+ft.search',
    engine: 'query-engine',
    contract: semanticCacheContract,
  },
  {
    name: 'redis-core vector index (query-engine), through the vector store',
    readme: 'packages/redis-core/README.md',
    including: '+ft.search',
    engine: 'query-engine',
    contract: vectorStoreContract,
  },
];

describeSpawned('each package as a user allowed only what its README documents', () => {
  let server: RedisServerProcess;
  let admin: ReturnType<typeof createClient>;
  let hasQueryEngine = false;

  beforeAll(async () => {
    server = await spawnRedisServer();
    hasQueryEngine = (await probeServer(server.url)).queryEngine;
    admin = createClient({ url: server.url });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.close();
    await server?.stop();
  });

  for (const { name, readme, including, username, engine, contract, mismatch } of RULES) {
    const rule = documentedAclRule(readme, including, username);
    const title = `${name}: every operation works under ${readme}'s rule, and ACL LOG stays empty`;
    (mismatch === undefined ? it : it.fails)(title, async (context) => {
      if (engine === 'query-engine' && !hasQueryEngine) {
        const reason = 'the spawned server has no Query Engine (set REDIS_SERVER_ARGS to load it)';
        console.warn(`[reliability] skipped "${name}": ${reason}`);
        context.skip(reason);
      }
      if (rule === undefined) throw new Error(`${readme} documents no ACL SETUSER rule`);
      const prefix = prefixOf(rule, 'docs');
      // The core README writes its rule for any index: `<name>` is the index, `<prefix>` its keys.
      const rules = rule.rules.map((item) =>
        item.replaceAll('<prefix>', prefix).replaceAll('<name>', prefix),
      );
      await admin.sendCommand(['ACL', 'SETUSER', rule.username, 'reset', ...rules]);
      await admin.sendCommand(['ACL', 'LOG', 'RESET']);
      const user = encodeURIComponent(rule.username);
      const password = encodeURIComponent(passwordOf(rule));
      const url = `redis://${user}:${password}@127.0.0.1:${server.port}`;
      const operations = await contract({ url }, prefix, engine === undefined ? {} : { engine });
      const refused = parseAclLog(await admin.sendCommand(['ACL', 'LOG']));
      recordFigures('acl', name, {
        attempted: operations,
        succeeded: operations,
        failedAsExpected: 0,
        expectedFailure: '',
        lost: 0,
        detail: `rule of ${rule.readme}: ${rules.filter((item) => !item.startsWith('>')).join(' ')}; ACL LOG: ${refused.length === 0 ? 'empty' : refused.map((entry) => `${entry.reason} ${entry.object}`).join(', ')}`,
      });
      expect(refused).toEqual([]);
    });
  }
});
