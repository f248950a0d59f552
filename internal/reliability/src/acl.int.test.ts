import { type RedisServerProcess, spawnRedisServer } from '@x/test-utils';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DocumentedAclRule, documentedAclRule, parseAclLog, passwordOf } from './acl.js';
import {
  chatHistoryContract,
  exactCacheContract,
  semanticCacheContract,
  vectorStoreContract,
} from './contracts/index.js';
import { recordFigures } from './figures.js';

type Contract = typeof exactCacheContract;

/**
 * The rule a package documents: its own README's, else (for the vector packages, which stand
 * on the core's vector index) the vector-set rule of redis-core's README.
 */
function ruleFor(readme: string, fallback?: string): DocumentedAclRule {
  const rule =
    documentedAclRule(readme) ??
    (fallback === undefined ? undefined : documentedAclRule(fallback, 'vector-set'));
  if (rule === undefined) throw new Error(`${readme} documents no ACL SETUSER rule`);
  return rule;
}

// DOC MISMATCH (redis-core README, "Minimal ACL", vector-set rule): it lacks +client|setinfo,
// which node-redis sends on every connect, so ACL LOG records one refusal per connection (the
// llm-cache and chat-history rules include it). Every operation still works. The vectorstore
// and semantic-cache READMEs have no ACL section yet, so they are held to redis-core's rule.
const VECTOR_SET_RULE_MISMATCH = 'the vector-set rule lacks +client|setinfo';

const PACKAGES: {
  name: string;
  readme: string;
  fallback?: string;
  prefix: string;
  contract: Contract;
  /** A known difference between the documented rule and what the package sends. */
  mismatch?: string;
}[] = [
  {
    name: 'llm-cache',
    readme: 'packages/llm-cache/README.md',
    prefix: 'llmcache',
    contract: exactCacheContract,
  },
  {
    name: 'chat-history',
    readme: 'packages/chat-history/README.md',
    prefix: 'chat',
    contract: chatHistoryContract,
  },
  {
    name: 'vectorstore (vector-set)',
    readme: 'packages/vectorstore/README.md',
    fallback: 'packages/redis-core/README.md',
    prefix: 'docs',
    contract: vectorStoreContract,
    mismatch: VECTOR_SET_RULE_MISMATCH,
  },
  {
    name: 'semantic-cache (vector-set)',
    readme: 'packages/semantic-cache/README.md',
    fallback: 'packages/redis-core/README.md',
    prefix: 'answers',
    contract: semanticCacheContract,
    mismatch: VECTOR_SET_RULE_MISMATCH,
  },
];

describe('each package as a user allowed only what its README documents', () => {
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

  for (const { name, readme, fallback, prefix, contract, mismatch } of PACKAGES) {
    const rule = ruleFor(readme, fallback);
    const title = `${name}: every operation works under ${rule.readme}'s rule, and ACL LOG stays empty`;
    (mismatch === undefined ? it : it.fails)(title, async () => {
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
