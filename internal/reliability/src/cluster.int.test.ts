import type { ConnectionOptions } from '@x/redis-core';
import { RedisSemanticCache } from '@x/semantic-cache';
import { CLUSTER_SLOTS, type RedisClusterProcess, spawnRedisCluster } from '@x/test-utils';
import { createClient, createCluster } from 'redis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type ContractRun,
  chatHistoryContract,
  checkpointSaverContract,
  exactCacheContract,
  semanticCacheContract,
  vectorStoreContract,
} from './contracts/index.js';
import { recordFigures } from './figures.js';
import { HashEmbeddings } from './hash-embeddings.js';
import { describeSpawned } from './spawned-redis.js';

const MASTERS = 3;

type Contract = (
  connection: ConnectionOptions,
  prefix: string,
  run?: ContractRun,
) => Promise<number>;

describeSpawned('the contracts on a 3-master Redis Cluster', () => {
  let cluster: RedisClusterProcess;
  let client: ReturnType<typeof createCluster>;
  let nodes: ReturnType<typeof createClient>[] = [];

  beforeAll(async () => {
    cluster = await spawnRedisCluster({ masters: MASTERS });
    client = createCluster({ rootNodes: [...cluster.rootNodes] });
    client.on('error', () => {});
    await client.connect();
    nodes = cluster.nodes.map((node) => createClient({ url: node.url }));
    for (const node of nodes) {
      node.on('error', () => {});
      await node.connect();
    }
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await Promise.all(nodes.map((node) => node.close()));
    await cluster?.stop();
  });

  /** How many keys under `prefix` each master holds. */
  async function keysPerNode(prefix: string): Promise<number[]> {
    return Promise.all(
      nodes.map(async (node) => {
        let count = 0;
        for await (const keys of node.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
          count += keys.length;
        }
        return count;
      }),
    );
  }

  /** The master (0 to 2, in slot order) that holds the hash tag `{tag}`. */
  async function nodeOf(tag: string): Promise<number> {
    const slot = Number(await nodes[0]?.sendCommand(['CLUSTER', 'KEYSLOT', `{${tag}}`]));
    return Math.floor(slot / Math.ceil(CLUSTER_SLOTS / MASTERS));
  }

  /** One name per master, for packages whose index lives in one slot (`{name}`). */
  async function namePerNode(base: string): Promise<string[]> {
    const names: string[] = [];
    for (let index = 0; names.length < MASTERS; index++) {
      const name = `${base}${index}`;
      if ((await nodeOf(name)) === names.length) names.push(name);
    }
    return names;
  }

  async function runOnCluster(name: string, contract: Contract, prefixes: string[]): Promise<void> {
    let operations = 0;
    const spread = new Array<number>(MASTERS).fill(0);
    for (const prefix of prefixes) {
      operations += await contract({ client }, prefix, {
        onLoaded: async () => {
          (await keysPerNode(prefix)).forEach((count, node) => {
            spread[node] = (spread[node] ?? 0) + count;
          });
        },
      });
      expect(await keysPerNode(prefix)).toEqual([0, 0, 0]);
    }
    expect(spread.every((count) => count > 0)).toBe(true);
    recordFigures('cluster', name, {
      attempted: operations,
      succeeded: operations,
      failedAsExpected: 0,
      expectedFailure: '',
      lost: 0,
      detail: `keys per master while loaded: ${spread.join(' / ')}; every key removed afterwards`,
    });
  }

  it('llm-cache: entries spread over every master', async () => {
    await runOnCluster('llm-cache', exactCacheContract, ['exact']);
  });

  it('chat-history: sessions spread over every master, one slot per session', async () => {
    await runOnCluster('chat-history', chatHistoryContract, ['chat']);
  });

  it('langgraph saver: threads spread over every master, one slot per thread', async () => {
    await runOnCluster('langgraph saver', checkpointSaverContract, ['graph']);
  });

  it('vectorstore (vector-set): one index per master, each in its own slot', async () => {
    await runOnCluster('vectorstore (vector-set)', vectorStoreContract, await namePerNode('docs'));
  });

  it('semantic-cache (vector-set): one cache of many tenants spreads its partitions over every master', async () => {
    const errors: Error[] = [];
    const cache = new RedisSemanticCache({
      client,
      name: 'tenants',
      engine: 'vector-set',
      embeddings: new HashEmbeddings(),
      timeoutMs: 10_000,
      onError: (error) => errors.push(error),
    });
    const model = '{"model":"a"}';
    const tenants = Array.from({ length: 24 }, (_, index) => cache.withScope({ tenant: index }));
    try {
      for (const [index, tenant] of tenants.entries()) {
        await tenant.update('Human: the question?', model, [{ text: `answer of ${index}` }]);
      }
      const spread = await keysPerNode('tenants');
      expect(spread.every((count) => count > 0)).toBe(true);
      for (const [index, tenant] of tenants.entries()) {
        expect(await tenant.lookup('Human: the question?', model)).toEqual([
          { text: `answer of ${index}` },
        ]);
      }
      expect(await cache.clear({ scope: { tenant: 3 } })).toBe(1);
      expect(await tenants[3]?.lookup('Human: the question?', model)).toBeNull();
      expect(await cache.clear()).toBe(tenants.length - 1);
      expect(await keysPerNode('tenants')).toEqual([0, 0, 0]);
      expect(errors).toEqual([]);
      recordFigures('cluster', 'semantic-cache partitions (vector-set)', {
        attempted: tenants.length * 2,
        succeeded: tenants.length * 2,
        failedAsExpected: 0,
        expectedFailure: '',
        lost: 0,
        detail: `one cache, ${tenants.length} tenants: keys per master while loaded ${spread.join(' / ')}; every key removed by clear()`,
      });
    } finally {
      await cache.drop();
    }
  });

  it('semantic-cache (vector-set): one cache per master', async () => {
    await runOnCluster(
      'semantic-cache (vector-set)',
      semanticCacheContract,
      await namePerNode('answers'),
    );
  });
});
