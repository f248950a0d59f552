import type { RedisCapabilities } from '../capabilities.js';
import { CapabilityError, InvalidArgumentError } from '../errors.js';
import type { ResolvedSchema } from './resolve-schema.js';
import type { VectorEngine, VectorEngineOption } from './vector-index-options.js';

/** @throws {InvalidArgumentError} for an unknown `engine` option. */
export function checkEngineOption(engine: unknown): void {
  if (engine !== 'auto' && engine !== 'query-engine' && engine !== 'vector-set') {
    throw new InvalidArgumentError(
      `\`engine\` must be "auto", "query-engine" or "vector-set", got ${JSON.stringify(engine)}`,
    );
  }
}

function serverName(capabilities: RedisCapabilities): string {
  return `${capabilities.server === 'valkey' ? 'Valkey' : 'Redis'} ${capabilities.redisVersion}`;
}

/** What the vector-set engine cannot do of a schema, one phrase each. */
function vectorSetLimits(schema: ResolvedSchema): string[] {
  const limits: string[] = [];
  if (schema.metric !== 'COSINE') limits.push(`metric ${schema.metric}`);
  if (schema.algorithm !== 'HNSW') limits.push(`algorithm ${schema.algorithm}`);
  if (schema.datatype !== 'FLOAT32') limits.push(`datatype ${schema.datatype}`);
  for (const field of schema.fields) {
    if (field.type === 'text' || field.type === 'geo') {
      limits.push(`${field.type} field "${field.name}"`);
    }
  }
  return limits;
}

/**
 * The engine an index runs on: the one asked for, or for `auto` the Query Engine when the
 * server has it, else vector sets; and a check that the engine can serve the schema. On a Redis
 * Cluster the Query Engine is never chosen: the open-source module indexes each shard's keys
 * alone, so a search would silently miss the documents of every other shard.
 *
 * @throws {CapabilityError} when the server lacks what the engine (or the schema) needs.
 * @throws {InvalidArgumentError} when the engine asked for cannot serve the schema.
 */
export function selectEngine(
  requested: VectorEngineOption,
  capabilities: RedisCapabilities,
  schema: ResolvedSchema,
): VectorEngine {
  const server = serverName(capabilities);
  let engine: VectorEngine;
  const queryEngine = capabilities.queryEngine !== null && !capabilities.cluster;
  if (requested === 'query-engine') {
    if (capabilities.queryEngine && capabilities.cluster) {
      throw new CapabilityError(
        `the query-engine engine cannot run on a Redis Cluster: the open-source Query Engine indexes each shard on its own, so a search would miss the other shards' documents; use engine "vector-set" (an index lives in one slot)`,
      );
    }
    if (!capabilities.queryEngine) {
      throw new CapabilityError(
        `the query-engine engine needs the Redis Query Engine (FT.* commands); this server is ${server} without it${capabilities.vectorSets ? '; use engine "vector-set" or "auto"' : ''}`,
      );
    }
    engine = requested;
  } else if (requested === 'vector-set') {
    if (!capabilities.vectorSets) {
      throw new CapabilityError(
        `the vector-set engine needs Redis 8 or later (vector sets); this server is ${server}`,
      );
    }
    engine = requested;
  } else if (queryEngine) {
    engine = 'query-engine';
  } else if (capabilities.vectorSets) {
    engine = 'vector-set';
  } else {
    const has = capabilities.queryEngine
      ? 'a Redis Cluster, where the open-source Query Engine indexes each shard on its own, and has no vector sets'
      : 'with neither';
    throw new CapabilityError(
      `vector search needs Redis 8 or later (vector sets) or the Redis Query Engine; this server is ${server} ${has}`,
    );
  }
  if (engine === 'vector-set') {
    const limits = vectorSetLimits(schema);
    if (limits.length > 0) {
      const what = `the vector-set engine supports COSINE, HNSW, FLOAT32 and tag or numeric fields only, not ${limits.join(', ')}`;
      if (requested === 'auto') {
        throw new CapabilityError(
          `${what}; those need the Redis Query Engine, which this server (${server}) lacks`,
        );
      }
      throw new InvalidArgumentError(`${what}; use engine "query-engine"`);
    }
  } else if (schema.quantization !== 'none') {
    throw new InvalidArgumentError(
      `quantization "${schema.quantization}" is a vector-set option; the query-engine engine stores \`schema.datatype\` elements`,
    );
  }
  return engine;
}
