export {
  CorruptDataError,
  type FailureReason,
  InvalidArgumentError,
  InvalidKeyError,
  RedisOperationError,
  RedisStoreError,
  SerializationError,
} from '@x/redis-core';
export type { RedisChatMessageHistoryOptions } from './chat-history-options.js';
export { CorruptMessageError } from './corrupt-message-error.js';
export { RedisChatMessageHistory } from './redis-chat-message-history.js';
export { RedisChatSessions, type RedisChatSessionsOptions } from './redis-chat-sessions.js';
