import { type RedisServerProcess, spawnRedisServer } from '@x/test-utils';
import { createClient } from 'redis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { documentedAclRule, parseAclLog, passwordOf, prefixOf } from './acl.js';
import {
  chatHistoryContract,
  exactCacheContract,
  semanticCacheContract,
  vectorStoreContract,
} from './contracts/index.js';
import { recordFigures } from './figures.js';
import { describeSpawned } from './spawned-redis.js';

type Contract = typeof exactCacheContract;

/** Each README's rule and the contract that exercises what it covers. */
const RULES: {
  name: string;
  readme: string;
  /** Picks the vector-set rule where a README has one per engine. */
  including?: string;
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
];

describeSpawned('each package as a user allowed only what its README documents', () => {
  let server: RedisServerProcess;
  let admin: ReturnType<typeof createClient>;

  beforeAll(async () => {
    server = await spawnRedisServer();
    admin = createClient({ url: server.url });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.close();
    await server?.stop();
  });

  for (const { name, readme, including, contract, mismatch } of RULES) {
    const rule = documentedAclRule(readme, including);
    const title = `${name}: every operation works under ${readme}'s rule, and ACL LOG stays empty`;
    (mismatch === undefined ? it : it.fails)(title, async () => {
      if (rule === undefined) throw new Error(`${readme} documents no ACL SETUSER rule`);
      const prefix = prefixOf(rule, 'docs');
      const rules = rule.rules.map((item) => item.replaceAll('<prefix>', prefix));
      await admin.sendCommand(['ACL', 'SETUSER', rule.username, 'reset', ...rules]);
      await admin.sendCommand(['ACL', 'LOG', 'RESET']);
      const user = encodeURIComponent(rule.username);
      const password = encodeURIComponent(passwordOf(rule));
      const url = `redis://${user}:${password}@127.0.0.1:${server.port}`;
      const operations = await contract({ url }, prefix);
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
