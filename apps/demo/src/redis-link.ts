import type { RedisClientOrCluster } from '@x/redis-core';
import { createClient } from 'redis';

/** The one node-redis client every package of the demo shares, and whether Redis answers. */
export interface RedisLink {
  readonly client: RedisClientOrCluster;
  /** Sends PING: `undefined` when Redis answered, else what went wrong, for the banner. */
  check(): Promise<string | undefined>;
  close(): Promise<void>;
}

const PING_TIMEOUT_MS = 1000;

/**
 * Connects to `url`. While Redis is away, commands fail at once (no offline queue) rather than
 * waiting for it, so the page can say so; node-redis keeps reconnecting, at most every 2 s,
 * and the demo works again as soon as it is back.
 *
 * @throws {Error} when Redis cannot be reached at start.
 */
export async function connectRedis(url: string, log: (line: string) => void): Promise<RedisLink> {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 2000,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000),
    },
  });
  let down = false;
  // Without a listener Node would crash on the errors a reconnecting client emits.
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log(`Redis is not reachable (${error.message || error.name}); reconnecting...`);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    log('Redis is back.');
  });
  await client.connect();
  return {
    client,
    async check() {
      try {
        await client.withAbortSignal(AbortSignal.timeout(PING_TIMEOUT_MS)).ping();
        return undefined;
      } catch (error) {
        return error instanceof Error && error.message ? error.message : 'no answer';
      }
    },
    async close() {
      // A graceful QUIT would wait for a server that may be gone.
      if (client.isReady) await client.close();
      else if (client.isOpen) client.destroy();
    },
  };
}
