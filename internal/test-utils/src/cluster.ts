import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import {
  type RedisServerProcess,
  type SpawnRedisServerOptions,
  spawnRedisServer,
} from './redis-server-process.js';

/** The number of hash slots of every Redis Cluster. */
export const CLUSTER_SLOTS = 16_384;

/** Options of {@link spawnRedisCluster}. */
export interface SpawnRedisClusterOptions {
  /** How many masters share the slots (no replicas). @default 3 */
  masters?: number;
  /** The `redis-server` binary. @default the newest found by `findRedisServer` */
  binary?: string;
  /** More arguments for every node, e.g. `['--appendonly', 'yes']`. */
  args?: readonly string[];
  /** How long the cluster may take to agree on every slot, in milliseconds. @default 15000 */
  timeoutMs?: number;
}

/** A private Redis Cluster on loopback ports that a test controls. */
export interface RedisClusterProcess {
  /** One process per master, in slot order: the first holds the lowest slots. */
  readonly nodes: readonly RedisServerProcess[];
  /** What `createCluster({ rootNodes })` takes. */
  readonly rootNodes: readonly { url: string }[];
  /** Stops every node and removes their data directories. */
  stop(): Promise<void>;
}

async function clusterInfo(client: { sendCommand(args: string[]): Promise<unknown> }) {
  return String(await client.sendCommand(['CLUSTER', 'INFO']));
}

/**
 * Spawns `masters` Redis servers in cluster mode, splits the 16384 slots evenly between them
 * (`CLUSTER ADDSLOTSRANGE`), introduces them (`CLUSTER MEET`), and resolves once every node
 * reports `cluster_state:ok`. Each node keeps its `nodes.conf` in its own data directory.
 */
export async function spawnRedisCluster(
  options: SpawnRedisClusterOptions = {},
): Promise<RedisClusterProcess> {
  const masters = options.masters ?? 3;
  const nodeOptions: SpawnRedisServerOptions = {
    ...(options.binary === undefined ? {} : { binary: options.binary }),
    args: ['--cluster-enabled', 'yes', '--cluster-node-timeout', '5000', ...(options.args ?? [])],
  };
  const started = await Promise.allSettled(
    Array.from({ length: masters }, () => spawnRedisServer(nodeOptions)),
  );
  const nodes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
  };
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const clients = nodes.map((node) => createClient({ url: node.url }));
  try {
    for (const client of clients) {
      client.on('error', () => {});
      await client.connect();
    }
    const share = Math.ceil(CLUSTER_SLOTS / masters);
    await Promise.all(
      clients.map((client, index) =>
        client.sendCommand([
          'CLUSTER',
          'ADDSLOTSRANGE',
          String(index * share),
          String(Math.min(CLUSTER_SLOTS, (index + 1) * share) - 1),
        ]),
      ),
    );
    const [first] = clients;
    for (const node of nodes.slice(1)) {
      await first?.sendCommand(['CLUSTER', 'MEET', '127.0.0.1', String(node.port)]);
    }
    const deadline = Date.now() + (options.timeoutMs ?? 15_000);
    for (const client of clients) {
      while (!(await clusterInfo(client)).includes('cluster_state:ok')) {
        if (Date.now() > deadline) throw new Error('the spawned Redis Cluster did not come up');
        await sleep(50);
      }
    }
  } catch (error) {
    await Promise.all(clients.map((client) => client.close().catch(() => {})));
    await stop();
    throw error;
  }
  await Promise.all(clients.map((client) => client.close()));
  return {
    nodes,
    rootNodes: nodes.map((node) => ({ url: node.url })),
    stop,
  };
}
