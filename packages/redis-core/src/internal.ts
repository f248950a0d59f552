// `@x/redis-core/internal`: what the sibling packages (@x/llm-cache, @x/semantic-cache,
// @x/chat-history, @x/vectorstore) share beyond the public API. Not for applications: it
// follows those packages, with no semver promise of its own.

export { Deadlines } from './deadlines.js';
