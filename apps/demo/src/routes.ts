import type { DemoAgent } from './agent/demo-agent.js';
import type { AnswerCaches } from './answer-caches.js';
import { type ChatService, checkSessionId } from './chat-service.js';
import { DemoError } from './demo-error.js';
import type { DemoStats } from './demo-stats.js';
import { type Route, StreamedReply } from './http-server.js';
import type { ModelsInfo } from './models.js';
import type { RedisLink } from './redis-link.js';
import type { Retrieval } from './retrieval.js';
import type { SessionDirectory } from './sessions.js';

/** What the status route reports about the server, fixed at start. */
export interface ServerInfo {
  /** `redis` or `valkey`, and its version. */
  server: string;
  version: string;
  /** Where the Redis came from (`REDIS_URL`, the project-local server, docker compose). */
  source: string;
}

/** What the routes need. */
export interface RouteContext {
  chat: ChatService;
  agent: DemoAgent;
  sessions: SessionDirectory;
  caches: AnswerCaches;
  retrieval: Retrieval;
  stats: DemoStats;
  link: RedisLink;
  server: ServerInfo;
  models: ModelsInfo;
  maxMessageCharacters: number;
}

function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DemoError(400, 'bad-body', 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

/** The JSON API of the page. */
export function createRoutes(context: RouteContext): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/api\/status$/,
      handler: async () => {
        const [redisError, vector] = await Promise.all([
          context.link.check(),
          context.retrieval.info(),
        ]);
        return {
          redis: { ok: redisError === undefined, error: redisError ?? null, ...context.server },
          vector,
          models: context.models,
          caches: context.caches.stats(),
          agentCache: context.agent.cacheStats(),
          ...context.stats.snapshot(),
          maxMessageCharacters: context.maxMessageCharacters,
        };
      },
    },
    {
      method: 'GET',
      path: /^\/api\/sessions$/,
      handler: async () => ({ sessions: await context.sessions.list() }),
    },
    {
      method: 'GET',
      path: /^\/api\/sessions\/([^/]+)\/messages$/,
      handler: async ({ params }) => ({
        messages: await context.sessions.messages(checkSessionId(params[0])),
      }),
    },
    {
      method: 'POST',
      path: /^\/api\/chat$/,
      handler: async ({ body }) => {
        const { sessionId, message, filter } = objectBody(body);
        if (typeof filter !== 'string' && filter !== undefined && filter !== null) {
          throw new DemoError(400, 'bad-filter', 'The filter must be a document name.');
        }
        return context.chat.ask({
          sessionId: checkSessionId(sessionId),
          message: typeof message === 'string' ? message : '',
          filter,
        });
      },
    },
    {
      method: 'GET',
      path: /^\/api\/agent\/threads$/,
      handler: async () => ({ sessions: await context.agent.threads() }),
    },
    {
      method: 'GET',
      path: /^\/api\/agent\/threads\/([^/]+)\/messages$/,
      handler: async ({ params }) => ({
        messages: await context.agent.messages(checkSessionId(params[0])),
      }),
    },
    {
      method: 'GET',
      path: /^\/api\/agent\/memories$/,
      handler: async () => ({ memories: await context.agent.memories() }),
    },
    {
      method: 'POST',
      path: /^\/api\/agent$/,
      handler: async ({ body }) => {
        const { sessionId, message } = agentQuestion(body, context.maxMessageCharacters);
        return context.agent.ask(sessionId, message);
      },
    },
    {
      // The same question, the answer streamed: `{ type: 'token', text }` lines as the model
      // (or the agent's cache, replaying) writes it, then `{ type: 'done', answer, details }`.
      method: 'POST',
      path: /^\/api\/agent\/stream$/,
      handler: async ({ body }) => {
        const { sessionId, message } = agentQuestion(body, context.maxMessageCharacters);
        return new StreamedReply(context.agent.askStreamed(sessionId, message));
      },
    },
  ];
}

/** The thread and message of a question to the agent, checked. */
function agentQuestion(body: unknown, limit: number): { sessionId: string; message: string } {
  const { sessionId, message } = objectBody(body);
  if (typeof message === 'string' && message.trim().length > limit) {
    throw new DemoError(
      413,
      'message-too-long',
      `The message has ${message.trim().length.toLocaleString('en')} characters; the limit is ${limit.toLocaleString('en')}.`,
    );
  }
  if (typeof message !== 'string' || message.trim() === '') {
    throw new DemoError(400, 'empty-message', 'The message is empty: type a question first.');
  }
  return { sessionId: checkSessionId(sessionId), message: message.trim() };
}
