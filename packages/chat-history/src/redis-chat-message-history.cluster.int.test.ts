import { setTimeout as sleep } from 'node:timers/promises';
import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { type RedisServerProcess, spawnRedisServer } from '@x/test-utils';
import { createClient, createCluster } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSameMessages } from '../test/test-messages.js';
import { RedisChatMessageHistory } from './redis-chat-message-history.js';
import { RedisChatSessions } from './redis-chat-sessions.js';

const SLOTS = 16_384;
const MASTERS = 3;

/** Three private masters, the slots split between them, as a small real cluster. */
async function startCluster(): Promise<RedisServerProcess[]> {
  const servers = await Promise.all(
    Array.from({ length: MASTERS }, () => spawnRedisServer({ args: ['--cluster-enabled', 'yes'] })),
  );
  const clients = await Promise.all(
    servers.map((server) => createClient({ url: server.url }).connect()),
  );
  try {
    const share = Math.ceil(SLOTS / MASTERS);
    await Promise.all(
      clients.map((client, index) =>
        client.sendCommand([
          'CLUSTER',
          'ADDSLOTSRANGE',
          String(index * share),
          String(Math.min(SLOTS, (index + 1) * share) - 1),
        ]),
      ),
    );
    for (const server of servers.slice(1)) {
      await clients[0]?.sendCommand(['CLUSTER', 'MEET', '127.0.0.1', String(server.port)]);
    }
    const deadline = Date.now() + 10_000;
    for (const client of clients) {
      while (!String(await client.sendCommand(['CLUSTER', 'INFO'])).includes('cluster_state:ok')) {
        if (Date.now() > deadline) throw new Error('the test cluster did not come up');
        await sleep(50);
      }
    }
    return servers;
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
}

describe('in a Redis Cluster', () => {
  let servers: RedisServerProcess[] = [];
  let cluster: ReturnType<typeof createCluster>;

  beforeAll(async () => {
    servers = await startCluster();
    cluster = createCluster({ rootNodes: servers.map((server) => ({ url: server.url })) });
    cluster.on('error', () => {});
    await cluster.connect();
  }, 30_000);

  afterAll(async () => {
    await cluster?.close();
    await Promise.all(servers.map((server) => server.stop()));
  });

  it('writes each session in one transaction on its own slot, and reads it back', async () => {
    const ids = Array.from({ length: 30 }, (_, index) => `session ${index} {tag}`);
    const histories = ids.map(
      (sessionId) =>
        new RedisChatMessageHistory({
          sessionId,
          client: cluster,
          ttl: 60,
          maxMessages: 3,
          refreshTtlOnRead: true,
        }),
    );
    await Promise.all(
      histories.map((history) =>
        history.addMessages([new HumanMessage(`q ${history.sessionId}`), new AIMessage('a')]),
      ),
    );
    await Promise.all(
      histories.map((history) =>
        history.addMessages([new HumanMessage('again'), new AIMessage('b')]),
      ),
    );
    for (const history of histories) {
      expectSameMessages(await history.getMessages(), [
        new AIMessage('a'),
        new HumanMessage('again'),
        new AIMessage('b'),
      ]);
      expectSameMessages(await history.getLastMessages(1), [new AIMessage('b')]);
    }
    // The ids spread over the masters: every node took part.
    const perNode = await Promise.all(
      servers.map(async (server) => {
        const client = await createClient({ url: server.url }).connect();
        try {
          return await client.dbSize();
        } finally {
          await client.close();
        }
      }),
    );
    expect(perNode.every((count) => count > 0)).toBe(true);

    const sessions = new RedisChatSessions({ client: cluster });
    const listed: string[] = [];
    for await (const sessionId of sessions.list()) listed.push(sessionId);
    expect(new Set(listed)).toEqual(new Set(ids));
    expect(await sessions.delete(ids[0] ?? '')).toBe(true);
    expect(await sessions.deleteAll()).toBe(ids.length - 1);
    expect(await histories[1]?.getMessages()).toEqual([]);
  });
});
