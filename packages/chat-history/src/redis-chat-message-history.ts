import { BaseListChatMessageHistory } from '@langchain/core/chat_history';
import type { BaseMessage } from '@langchain/core/messages';
import { InvalidArgumentError, RedisConnection } from '@x/redis-core';
import { KeySchema } from '@x/redis-core/internal';
import {
  DEFAULT_PREFIX,
  type RedisChatMessageHistoryOptions,
  resolveLimits,
} from './chat-history-options.js';
import { decodeEntries, encodeMessages } from './message-entries.js';
import { sessionKey } from './session-keys.js';
import { SessionList } from './session-list.js';

/**
 * The messages of one conversation, kept in a Redis list that survives restarts: for
 * `RunnableWithMessageHistory`, or on its own.
 *
 * Every write is one round trip (a MULTI that appends, trims to `maxMessages` and refreshes the
 * `ttl`), and resolves only once Redis has applied it. Failures throw: a
 * {@link RedisOperationError} when Redis cannot do the operation, a
 * {@link CorruptMessageError} when the list holds an entry this package did not write.
 *
 * @example
 * ```ts
 * const history = new RedisChatMessageHistory({ sessionId: 'foo', client, ttl: 3600 });
 * await history.addMessages([new HumanMessage('hi!'), new AIMessage('whats up?')]);
 * await history.getMessages(); // [HumanMessage { content: 'hi!' }, AIMessage { ... }]
 * ```
 */
export class RedisChatMessageHistory extends BaseListChatMessageHistory implements AsyncDisposable {
  lc_namespace = ['x', 'chat_history', 'redis'];
  /** The conversation this history reads and writes. */
  readonly sessionId: string;
  /** The Redis list that holds the session's messages, oldest first. */
  readonly key: string;
  readonly #connection: RedisConnection;
  readonly #list: SessionList;

  /**
   * @throws {InvalidKeyError} when `sessionId` is empty or not a string, or `prefix` is not
   *   valid.
   * @throws {InvalidArgumentError} for a bad `ttl`, `maxMessages` or `refreshTtlOnRead`, or
   *   when both or neither of `client` and `url` are given.
   */
  constructor(options: RedisChatMessageHistoryOptions) {
    // Nothing goes to Serializable: its kwargs would carry the client and the URL's password.
    super();
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError(
        'pass options: `{ sessionId, client }` or `{ sessionId, url }`',
      );
    }
    const key = sessionKey(new KeySchema(options.prefix ?? DEFAULT_PREFIX), options.sessionId);
    const limits = resolveLimits(options);
    this.sessionId = options.sessionId;
    this.key = key;
    this.#connection = RedisConnection.from(options);
    this.#list = new SessionList({
      connection: this.#connection,
      sessionId: this.sessionId,
      key,
      ...limits,
    });
  }

  /**
   * Every message of the session, oldest first; `[]` for a session never written (or expired).
   *
   * @throws {CorruptMessageError} when an entry is not a stored message; the list is untouched.
   * @throws {RedisOperationError} when Redis cannot be read.
   */
  async getMessages(): Promise<BaseMessage[]> {
    const reply = await this.#list.range(0);
    return decodeEntries(reply, { sessionId: this.sessionId, key: this.key, firstPosition: 0 });
  }

  /**
   * The newest `count` messages, oldest first. Costs O(`count`) however long the session is:
   * for prompts that only need the recent turns.
   *
   * @param count how many messages, a whole number ≥ 0.
   * @throws {InvalidArgumentError} for a negative or fractional `count`.
   * @throws {CorruptMessageError} when one of those entries is not a stored message.
   * @throws {RedisOperationError} when Redis cannot be read.
   */
  async getLastMessages(count: number): Promise<BaseMessage[]> {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new InvalidArgumentError(`\`count\` must be a whole number ≥ 0, got ${String(count)}`);
    }
    // LRANGE -0 -1 would be the whole list.
    if (count === 0) return [];
    const reply = await this.#list.range(-count);
    return decodeEntries(reply, {
      sessionId: this.sessionId,
      key: this.key,
      firstPosition: Array.isArray(reply) ? -reply.length : 0,
    });
  }

  /**
   * Appends one message.
   *
   * @throws see {@link RedisChatMessageHistory.addMessages}.
   */
  async addMessage(message: BaseMessage): Promise<void> {
    await this.addMessages([message]);
  }

  /**
   * Appends messages in order, in one round trip whatever their number. Redis applies a batch
   * whole or not at all, so concurrent writers to one session interleave whole batches and lose
   * nothing. Once this resolves the batch is stored; when it throws, it was not applied, unless
   * the connection dropped after the batch was sent (then it may have been).
   *
   * @throws {InvalidArgumentError} when an element is not a LangChain message.
   * @throws {SerializationError} when a message holds something JSON cannot express (nothing
   *   is sent).
   * @throws {RedisOperationError} when Redis cannot apply the write.
   */
  override async addMessages(messages: BaseMessage[]): Promise<void> {
    await this.#list.append(encodeMessages(messages));
  }

  /**
   * Deletes this session's messages, and nothing else.
   *
   * @throws {RedisOperationError} when Redis cannot apply the delete.
   */
  override async clear(): Promise<void> {
    await this.#list.remove();
  }

  /** Closes the client if this history created it from `url`; a `client` you passed stays open. */
  async close(): Promise<void> {
    await this.#connection.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
