import { createClient } from 'redis';
import {
  type ConnectionErrorListener,
  type ConnectionOptions,
  DEFAULT_TIMEOUT_MS,
  type MultiOptions,
  type NodeRedisClient,
  type NodeRedisCluster,
  type NodeRedisClusterMulti,
  type NodeRedisMulti,
  type RedisArgument,
  type RedisClientOrCluster,
  type SendOptions,
} from './connection-options.js';
import { Deadlines } from './deadlines.js';
import { InvalidArgumentError } from './errors.js';
import { checkTimeoutMs } from './option-checks.js';
import { toRedisOperationError } from './redis-operation-error.js';

/** The client we create from a `url`, and own. */
type OwnedClient = ReturnType<typeof createClient>;

// The RESP3 type bytes node-redis keys its type mappings by ('$' blob string, '%' map, ','
// double), as RESP defines them.
const RESP_BLOB_STRING = 36;
const RESP_MAP = 37;
const RESP_DOUBLE = 44;
const BUFFER_TYPE_MAPPING = { [RESP_BLOB_STRING]: Buffer } as const;
// Doubles as the server's text, as RESP2 gives them: node-redis 6.0.0 parses a RESP3 double
// to a neighbouring float (0.4708148241043091 for 0.4708148241043093), so the same query
// would score differently by protocol.
const RESP2_SHAPE_TYPE_MAPPING = { [RESP_MAP]: Array, [RESP_DOUBLE]: String } as const;
/** Both: made once, rather than spread for every command. */
const BUFFERS_IN_RESP2_SHAPE = { ...BUFFER_TYPE_MAPPING, ...RESP2_SHAPE_TYPE_MAPPING } as const;

function isCluster(client: RedisClientOrCluster): client is NodeRedisCluster {
  return typeof (client as { nodeClient?: unknown }).nodeClient === 'function';
}

/**
 * One way to send commands to a client or a cluster, and the ownership of that client: the
 * single helper every package of ours connects through.
 */
export class RedisConnection {
  /** The node-redis client or cluster. */
  readonly client: RedisClientOrCluster;
  /** Whether this connection created the client (from a `url`) and must close it. */
  readonly owned: boolean;
  /** Whether the client is a cluster client. */
  readonly isCluster: boolean;
  /** The longest one operation may take, in milliseconds. */
  readonly timeoutMs: number;
  readonly #deadlines: Deadlines;
  /** The connection this one shares (`{ connection }`), which connects and closes the client. */
  readonly #shared: RedisConnection | undefined;
  #connecting: Promise<void> | undefined;
  #closed = false;

  private constructor(
    client: RedisClientOrCluster,
    owned: boolean,
    timeoutMs: number,
    shared?: RedisConnection,
  ) {
    this.client = client;
    this.owned = owned;
    this.isCluster = isCluster(client);
    this.timeoutMs = timeoutMs;
    this.#deadlines = new Deadlines(timeoutMs);
    this.#shared = shared;
  }

  /**
   * Builds a connection from `{ client }`, `{ url, clientOptions }` or `{ connection }` (a
   * view of that connection, which never closes its client).
   *
   * @param onError hears errors an owned client emits between commands (without a listener,
   *   Node would crash on them); defaults to ignoring them, as commands report their own.
   * @throws {InvalidArgumentError} when not exactly one of `client`, `url` and `connection` is
   *   given.
   */
  static from(options: ConnectionOptions, onError?: ConnectionErrorListener): RedisConnection {
    const { client, url, connection } = options as {
      client?: RedisClientOrCluster;
      url?: string;
      connection?: RedisConnection;
    };
    const given = [client, url, connection].filter((value) => value !== undefined).length;
    if (given > 1) {
      throw new InvalidArgumentError('pass one of `client`, `url` and `connection`, not several');
    }
    if (connection !== undefined) {
      if (!(connection instanceof RedisConnection)) {
        throw new InvalidArgumentError(
          '`connection` must be a RedisConnection (RedisConnection.from(...))',
        );
      }
      const timeoutMs =
        options.timeoutMs === undefined
          ? connection.timeoutMs
          : (checkTimeoutMs(options.timeoutMs) ?? DEFAULT_TIMEOUT_MS);
      return new RedisConnection(connection.client, false, timeoutMs, connection);
    }
    const timeoutMs = checkTimeoutMs(options.timeoutMs) ?? DEFAULT_TIMEOUT_MS;
    if (client !== undefined) {
      if (typeof client !== 'object' || client === null || !('sendCommand' in client)) {
        throw new InvalidArgumentError('`client` must be a node-redis client or cluster');
      }
      return new RedisConnection(client, false, timeoutMs);
    }
    if (typeof url !== 'string' || url.length === 0) {
      throw new InvalidArgumentError(
        'pass `client` (a node-redis client you connect) or `url` (for example "redis://localhost:6379")',
      );
    }
    const created: OwnedClient = createClient({ ...options.clientOptions, url });
    created.on('error', onError ?? (() => {}));
    return new RedisConnection(created, true, timeoutMs);
  }

  /**
   * Resolves once the client can take commands: connects an owned client on first use; a
   * client you passed in is used as it is (node-redis queues commands while it reconnects).
   */
  ready(): Promise<void> {
    if (this.#closed) return Promise.reject(new InvalidArgumentError('the connection is closed'));
    if (this.#shared) return this.#shared.ready();
    if (!this.owned || this.client.isOpen) return Promise.resolve();
    this.#connecting ??= (this.client as OwnedClient).connect().then(
      () => undefined,
      (error: unknown) => {
        this.#connecting = undefined;
        throw toRedisOperationError(error, 'connect');
      },
    );
    return this.#connecting;
  }

  /**
   * Sends one raw command. Replies are node-redis's raw RESP2 or RESP3 values; parse them with
   * the helpers of `reply.ts`, which accept both.
   */
  send<T = unknown>(args: readonly RedisArgument[], options: SendOptions = {}): Promise<T> {
    if (options.signal) return this.#send(args, options, options.signal);
    return this.#deadlines.race(
      (signal) => this.#send<T>(args, options, signal),
      () => this.#timeoutError(),
    );
  }

  async #send<T>(
    args: readonly RedisArgument[],
    options: SendOptions,
    signal: AbortSignal,
  ): Promise<T> {
    await this.ready();
    const typeMapping = options.buffers
      ? options.mapsAsArrays
        ? BUFFERS_IN_RESP2_SHAPE
        : BUFFER_TYPE_MAPPING
      : options.mapsAsArrays
        ? RESP2_SHAPE_TYPE_MAPPING
        : undefined;
    const commandOptions = typeMapping
      ? { typeMapping, abortSignal: signal }
      : { abortSignal: signal };
    if (this.isCluster) {
      return (this.client as NodeRedisCluster).sendCommand(
        options.key,
        options.readonly ?? false,
        args,
        commandOptions,
      ) as Promise<T>;
    }
    return (this.client as NodeRedisClient).sendCommand(args, commandOptions) as Promise<T>;
  }

  /**
   * Runs `commands` as one MULTI/EXEC transaction and returns their replies. When a command
   * fails inside the transaction (the others still run, as Redis does), this rejects with that
   * command's error, so that `toRedisOperationError` sees the server's own reply.
   */
  multi(
    commands: readonly (readonly RedisArgument[])[],
    options: MultiOptions = {},
  ): Promise<unknown[]> {
    return this.#deadlines.race(
      () => this.#multi(commands, options),
      () => this.#timeoutError(),
    );
  }

  async #multi(
    commands: readonly (readonly RedisArgument[])[],
    options: MultiOptions,
  ): Promise<unknown[]> {
    await this.ready();
    let transaction: { exec(): Promise<unknown[]> };
    if (this.isCluster) {
      const clusterMulti = (
        this.client as unknown as { multi(routing?: RedisArgument): NodeRedisClusterMulti }
      ).multi(options.key);
      for (const command of commands) clusterMulti.addCommand(options.key, false, [...command]);
      transaction = clusterMulti;
    } else {
      const clientMulti = (this.client as unknown as { multi(): NodeRedisMulti }).multi();
      for (const command of commands) clientMulti.addCommand([...command]);
      transaction = clientMulti;
    }
    try {
      return await transaction.exec();
    } catch (error) {
      const { replies, errorIndexes } = error as { replies?: unknown[]; errorIndexes?: number[] };
      const first = errorIndexes?.[0] === undefined ? undefined : replies?.[errorIndexes[0]];
      throw first instanceof Error ? first : error;
    }
  }

  /**
   * The clients of every master: the client itself when standalone, one per master in a
   * cluster. For commands that must reach every node (SCAN, FLUSH of a test server, ...).
   */
  async masters(): Promise<NodeRedisClient[]> {
    await this.ready();
    if (!this.isCluster) return [this.client as NodeRedisClient];
    const cluster = this.client as NodeRedisCluster;
    return Promise.all(cluster.masters.map((master) => cluster.nodeClient(master)));
  }

  /**
   * The error of a call that outlived `timeoutMs`: named as node-redis names its own, so that
   * `toRedisOperationError` types it (`unavailable` while no connection is up, else `timeout`)
   * under the caller's operation.
   */
  #timeoutError(): Error {
    const connected = (this.client as { isReady?: boolean }).isReady !== false;
    const error = new Error(
      connected
        ? `no reply within ${this.timeoutMs} ms (timeoutMs); a write may still have been applied`
        : `no connection to Redis within ${this.timeoutMs} ms (timeoutMs); a write still queued may be applied once the client reconnects`,
    );
    error.name = connected ? 'TimeoutError' : 'ConnectionTimeoutError';
    return error;
  }

  /** Closes the client if this connection owns it; a client you passed in is left open. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.owned) return;
    const client = this.client as OwnedClient;
    if (client.isReady) {
      await client.close();
      return;
    }
    // Not connected (never yet, or reconnecting to a server that is down): node-redis would
    // retry for ever, so a graceful close would wait for ever. End it now; queued commands
    // reject.
    if (client.isOpen) client.destroy();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
