import { createClient } from 'redis';

/**
 * What the test server offers, seen by the tests themselves. The test utilities sit below
 * `@x/redis-core` (which tests with them), so they ask the server directly instead of using
 * `detectCapabilities`; redis-core's own tests check that both agree.
 */
export interface ServerProbe {
  server: 'redis' | 'valkey';
  redisVersion: string;
  queryEngine: boolean;
  vectorSets: boolean;
  cluster: boolean;
}

/** Asks the server at `url` for its version and which commands it has. */
export async function probeServer(url: string): Promise<ServerProbe> {
  const client = createClient({ url, RESP: 2 });
  client.on('error', () => {});
  await client.connect();
  try {
    const info = await client.info('server');
    const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
    const commands = (await client.sendCommand([
      'COMMAND',
      'INFO',
      'FT.SEARCH',
      'VADD',
    ])) as unknown[];
    const valkey = field('valkey_version');
    return {
      server: valkey || field('server_name') === 'valkey' ? 'valkey' : 'redis',
      redisVersion: valkey ?? field('redis_version') ?? 'unknown',
      queryEngine: commands[0] != null,
      vectorSets: commands[1] != null,
      cluster: field('redis_mode') === 'cluster',
    };
  } finally {
    await client.close();
  }
}

/** A client for tests, whose background errors (reconnects) are ignored. */
export function createTestClient(url: string) {
  const client = createClient({ url });
  client.on('error', () => {});
  return client;
}

/** A node-redis client as `createClient({ url })` returns it. */
export type TestClient = ReturnType<typeof createTestClient>;

/** Removes every key matching `pattern` (SCAN + UNLINK), as each test's cleanup. */
export async function removeKeys(client: TestClient, pattern: string): Promise<void> {
  for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 1000 })) {
    if (keys.length > 0) await client.unlink(keys);
  }
}

/**
 * Drops every Query Engine index whose name starts with `prefix` (keeping its documents, which
 * {@link removeKeys} removes), so that a test's indexes do not outlive it on a shared server.
 */
export async function dropIndexes(client: TestClient, prefix: string): Promise<void> {
  const names = (await client.sendCommand(['FT._LIST'])) as unknown[];
  for (const name of names.map(String)) {
    if (name.startsWith(prefix)) await client.sendCommand(['FT.DROPINDEX', name]);
  }
}
