import { RedisConnection } from './connection.js';
import type { RedisClientOrCluster } from './connection-options.js';
import { toRedisOperationError } from './redis-operation-error.js';
import { parseInfo, replyToNumber, replyToRecord, replyToString } from './reply.js';

/** What a server offers, as far as the `@x` packages care. */
export interface RedisCapabilities {
  /** Which server answers: Redis or Valkey. */
  server: 'redis' | 'valkey';
  /** The server's version, e.g. `8.0.2` (Valkey's own version for Valkey). */
  redisVersion: string;
  /** The Redis Query Engine (`FT.*`, the `search` module) and its version, or `null`. */
  queryEngine: { version: string } | null;
  /** Whether vector sets (`VADD`, `VSIM`; built into Redis 8) are available. */
  vectorSets: boolean;
  /** Whether `JSON.*` commands are available. */
  json: boolean;
  /** Whether the server runs in cluster mode. */
  cluster: boolean;
}

const detected = new WeakMap<object, Promise<RedisCapabilities>>();

/** Module versions are integers such as 80005 for 8.0.5. */
function moduleVersion(value: unknown): string {
  const number = replyToNumber(value);
  if (number === undefined || !Number.isInteger(number)) return replyToString(value) ?? 'unknown';
  return `${Math.floor(number / 10000)}.${Math.floor(number / 100) % 100}.${number % 100}`;
}

async function loadedModules(connection: RedisConnection): Promise<Map<string, string>> {
  const modules = new Map<string, string>();
  let reply: unknown;
  try {
    reply = await connection.send(['MODULE', 'LIST'], { readonly: true });
  } catch {
    // MODULE LIST may be denied by an ACL or a managed service; the version is then unknown.
    return modules;
  }
  for (const entry of Array.isArray(reply) ? reply : []) {
    const fields = replyToRecord(entry);
    const name = replyToString(fields.name);
    if (name !== undefined) modules.set(name.toLowerCase(), moduleVersion(fields.ver));
  }
  return modules;
}

async function detect(connection: RedisConnection): Promise<RedisCapabilities> {
  try {
    const [infoReply, commandReply] = await Promise.all([
      connection.send(['INFO', 'server'], { readonly: true }),
      connection.send(['COMMAND', 'INFO', 'FT.SEARCH', 'VADD', 'JSON.GET'], { readonly: true }),
    ]);
    const info = parseInfo(infoReply);
    const commands = Array.isArray(commandReply) ? commandReply : [];
    const hasCommand = (index: number) => commands[index] !== null && commands[index] !== undefined;
    const valkeyVersion = info.valkey_version;
    const server =
      info.server_name === 'valkey' || valkeyVersion !== undefined ? 'valkey' : 'redis';
    let queryEngine: RedisCapabilities['queryEngine'] = null;
    if (hasCommand(0)) {
      const modules = await loadedModules(connection);
      queryEngine = { version: modules.get('search') ?? modules.get('ft') ?? 'unknown' };
    }
    return {
      server,
      redisVersion: valkeyVersion ?? info.redis_version ?? 'unknown',
      queryEngine,
      vectorSets: hasCommand(1),
      json: hasCommand(2),
      cluster: connection.isCluster || info.redis_mode === 'cluster',
    };
  } catch (error) {
    throw toRedisOperationError(error, 'detect server capabilities');
  }
}

/**
 * Asks the server what it offers (`INFO server`, `COMMAND INFO`, `MODULE LIST`), once per
 * client: later calls with the same client share the first answer. A failed detection is not
 * remembered, so the next call asks again.
 */
export function detectCapabilities(
  target: RedisClientOrCluster | RedisConnection,
): Promise<RedisCapabilities> {
  const connection =
    target instanceof RedisConnection ? target : RedisConnection.from({ client: target });
  const cached = detected.get(connection.client);
  if (cached) return cached;
  const pending = detect(connection);
  detected.set(connection.client, pending);
  pending.catch(() => detected.delete(connection.client));
  return pending;
}

/** Compares dotted versions: negative when `a` < `b`, 0 when equal, positive when `a` > `b`. */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const right = b.split('.').map((part) => Number.parseInt(part, 10) || 0);
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
