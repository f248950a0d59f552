import type { RedisClientOptions } from 'redis';
import type { RedisConnection } from './connection.js';

// The types of connecting: what we use of node-redis's clients, and the options of
// RedisConnection and of every class that connects through it.

/** Per-command options, as node-redis (v5 and v6) takes them. */
export interface NodeRedisCommandOptions {
  abortSignal?: AbortSignal;
  typeMapping?: Record<number, unknown>;
}

/**
 * What we use of a node-redis (v5 or v6) client. Any client `createClient()` returns fits,
 * whatever its modules, scripts, RESP version or type mapping.
 */
export interface NodeRedisClient {
  readonly isOpen: boolean;
  sendCommand(args: readonly RedisArgument[], options?: NodeRedisCommandOptions): Promise<unknown>;
}

/** What we use of a node-redis (v5 or v6) cluster client, as `createCluster()` returns it. */
export interface NodeRedisCluster {
  readonly isOpen: boolean;
  readonly masters: readonly unknown[];
  nodeClient(node: unknown): Promise<NodeRedisClient>;
  sendCommand(
    firstKey: RedisArgument | undefined,
    isReadonly: boolean | undefined,
    args: readonly RedisArgument[],
    options?: NodeRedisCommandOptions,
  ): Promise<unknown>;
}

/** Either kind of node-redis client. */
export type RedisClientOrCluster = NodeRedisClient | NodeRedisCluster;

/** A command argument as node-redis sends it. */
export type RedisArgument = string | Buffer;

/** How long a command may take by default, in milliseconds (see {@link ConnectionOptions}). */
export const DEFAULT_TIMEOUT_MS = 5000;

/** What every way of connecting takes. */
interface ConnectionSettings {
  /**
   * The longest one operation may take, connecting included, in milliseconds; past it the call
   * rejects with a `RedisOperationError` of reason `timeout` (or `unavailable` when no
   * connection could be made), which says that a write may still have been applied. Commands
   * still queued are then dropped, never sent late. The caches take their own shorter
   * `timeoutMs` instead. @default 5000
   */
  timeoutMs?: number;
}

/**
 * How a class of ours reaches Redis: give it a `client` you own, a `url` it connects to and
 * owns, or a `connection` another class of ours already has.
 */
export type ConnectionOptions = ConnectionSettings &
  (
    | {
        /**
         * A node-redis client or cluster that you created, connect, and close. We never close it.
         * It may use RESP2 or RESP3.
         */
        client: RedisClientOrCluster;
        url?: never;
        clientOptions?: never;
        connection?: never;
      }
    | {
        /**
         * A Redis URL (`redis://`, `rediss://` for TLS). We create the client, connect it on
         * first use, and close it in `close()` or when disposed with `await using`.
         */
        url: string;
        /** Further node-redis client options for the client created from `url`. */
        clientOptions?: Omit<RedisClientOptions, 'url'>;
        client?: never;
        connection?: never;
      }
    | {
        /**
         * A connection shared with other classes of ours (`RedisConnection.from(...)`): they
         * use its client, which whoever made the connection closes. Its `timeoutMs` applies
         * unless `timeoutMs` is given here.
         */
        connection: RedisConnection;
        client?: never;
        url?: never;
        clientOptions?: never;
      }
  );

/** Options of one command sent through a {@link RedisConnection}. */
export interface SendOptions {
  /** A key of the command, for routing in a cluster. */
  key?: RedisArgument;
  /** Whether the command only reads (a cluster may then send it to a replica). @default false */
  readonly?: boolean;
  /** Return blob strings as `Buffer`s rather than strings. @default false */
  buffers?: boolean;
  /**
   * Aborts the command; it then rejects. A caller that passes a signal bounds the call itself
   * (the caches race their own deadline): the connection's `timeoutMs` is not applied.
   */
  signal?: AbortSignal;
  /**
   * Return RESP3 replies in the RESP2 shape: maps as flat `[key, value, ...]` arrays rather
   * than objects (keeps the server's order and keys such as `__proto__`), and doubles as the
   * server's text, which `Number()` reads exactly on every node-redis version. @default false
   */
  mapsAsArrays?: boolean;
}

/** Options of {@link RedisConnection.multi}. */
export interface MultiOptions {
  /** A key the transaction touches, for routing in a cluster (all its keys share one slot). */
  key?: RedisArgument;
}

/** What we use of a standalone client's `multi()` (node-redis v5 and v6). */
export interface NodeRedisMulti {
  addCommand(args: RedisArgument[]): NodeRedisMulti;
  exec(): Promise<unknown[]>;
}

/** A cluster's `multi()` takes each command's routing key and read-only flag too. */
export interface NodeRedisClusterMulti {
  addCommand(
    firstKey: RedisArgument | undefined,
    isReadonly: boolean | undefined,
    args: RedisArgument[],
  ): NodeRedisClusterMulti;
  exec(): Promise<unknown[]>;
}

/** Listener for errors a client emits while no command is waiting (reconnects, socket errors). */
export type ConnectionErrorListener = (error: Error) => void;
