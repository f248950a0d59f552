import type { AddressInfo } from 'node:net';
import { RedisCache } from '@x/llm-cache';
import { detectCapabilities } from '@x/redis-core';
import { RedisSemanticCache } from '@x/semantic-cache';
import { DemoAgent } from './agent/demo-agent.js';
import { StandInAgentModel } from './agent/stand-in-agent-model.js';
import { AnswerCaches } from './answer-caches.js';
import { ChatService } from './chat-service.js';
import type { DemoConfig } from './config.js';
import { loadCorpus } from './corpus.js';
import { DemoStats } from './demo-stats.js';
import { createHttpServer } from './http-server.js';
import { openKnowledgeBase } from './knowledge-base.js';
import { createModels } from './models.js';
import { connectRedis } from './redis-link.js';
import { createRoutes } from './routes.js';
import { createSemanticAnswerCache } from './semantic-answer-cache.js';
import { SessionDirectory } from './sessions.js';

/** Options of {@link startDemo}. */
export interface StartDemoOptions {
  config: DemoConfig;
  /** The Redis to use. */
  redisUrl: string;
  /** Where the Redis came from, for the stats panel. */
  redisSource: string;
  /** Where progress and errors go. @default console.log */
  log?: (line: string) => void;
}

/** A running demo. */
export interface DemoApp {
  /** The page's address. */
  url: string;
  /** Stops the HTTP server and closes every Redis connection the demo opened. */
  close(): Promise<void>;
}

/** Answers `log` at most once per `intervalMs` for a run of the same kind of failure. */
function throttled(log: (line: string) => void, intervalMs: number): (line: string) => void {
  let last = 0;
  return (line) => {
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    log(line);
  };
}

/**
 * Connects to Redis, indexes the corpus on first start, and serves the page and its API on
 * 127.0.0.1.
 */
export async function startDemo(options: StartDemoOptions): Promise<DemoApp> {
  const { config } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const link = await connectRedis(options.redisUrl, log);
  try {
    const capabilities = await detectCapabilities(link.client);
    const models = createModels(config);
    const corpus = loadCorpus();
    const retrieval = await openKnowledgeBase({
      client: link.client,
      embeddings: models.embeddings,
      indexName: `${config.prefix}:docs:${models.embeddingsId}`,
      corpus,
      log,
    });
    const cacheFailure = throttled(log, 10_000);
    const exact = new RedisCache({
      client: link.client,
      prefix: `${config.prefix}:llm`,
      ttl: 24 * 3600,
      onError: (error, { operation }) =>
        cacheFailure(`exact cache ${operation} failed: ${error.message}`),
    });
    const semantic = createSemanticAnswerCache({
      client: link.client,
      embeddings: models.embeddings,
      name: `${config.prefix}:semantic:${models.embeddingsId}`,
      ttl: 24 * 3600,
      distanceThreshold: config.semanticDistanceThreshold,
      onError: cacheFailure,
    });
    const caches = new AnswerCaches(exact, semantic);
    const stats = new DemoStats();
    const historyPrefix = `${config.prefix}:chat`;
    const chat = new ChatService({
      client: link.client,
      historyPrefix,
      models,
      caches,
      retrieval,
      corpusVersion: corpus.version,
      stats,
      maxMessageCharacters: config.maxMessageCharacters,
    });
    const agent = await DemoAgent.open({
      client: link.client,
      prefix: `${config.prefix}:agent`,
      // The stand-in chat model cannot call tools: the agent gets a stand-in that can.
      model: models.info.standIn
        ? new StandInAgentModel({ delayMs: config.standInDelayMs })
        : models.chat,
      embeddings: models.embeddings,
      embeddingsId: models.embeddingsId,
      retrieval,
      answerCache: new RedisSemanticCache({
        client: link.client,
        embeddings: models.embeddings,
        name: `${config.prefix}:agent-answers:${models.embeddingsId}`,
        ttl: 24 * 3600,
        ...(config.semanticDistanceThreshold === undefined
          ? {}
          : { distanceThreshold: config.semanticDistanceThreshold }),
        onError: (error, { operation }) =>
          cacheFailure(`agent answer cache ${operation} failed: ${error.message}`),
      }),
    });
    const routes = createRoutes({
      chat,
      agent,
      sessions: new SessionDirectory(link.client, historyPrefix, chat),
      caches,
      retrieval,
      stats,
      link,
      server: {
        server: capabilities.server,
        version: capabilities.redisVersion,
        source: options.redisSource,
      },
      models: models.info,
      maxMessageCharacters: config.maxMessageCharacters,
    });
    const server = createHttpServer(routes, log);
    await listen(server, config);
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}/`,
      async close() {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await retrieval.close();
        await link.close();
      },
    };
  } catch (error) {
    await link.close();
    throw error;
  }
}

/** Listens on the configured port, or on a free one when the default port is taken. */
async function listen(server: ReturnType<typeof createHttpServer>, config: DemoConfig) {
  const attempt = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await attempt(config.port);
  } catch (error) {
    const taken = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    if (!taken || config.portExplicit) throw error;
    await attempt(0);
  }
}
