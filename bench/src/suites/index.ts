import type { BenchSuite } from '../harness.js';
import { agentsSuite } from './agents.js';
import { chatHistorySuite } from './chat-history.js';
import { langgraphSuite } from './langgraph.js';
import { llmCacheSuite } from './llm-cache.js';
import { rawSuite } from './raw.js';
import { retrievalSuite } from './retrieval.js';
import { scaleSuite } from './scale.js';
import { semanticCacheSuite } from './semantic-cache.js';
import { vectorIndexSuite } from './vector-index.js';
import { vectorStoreSuite } from './vectorstore.js';

/** Every suite, in the order the report lists them. Each feature adds its own here. */
export const SUITES: BenchSuite[] = [
  rawSuite,
  chatHistorySuite,
  llmCacheSuite,
  agentsSuite,
  langgraphSuite,
  vectorIndexSuite,
  vectorStoreSuite,
  retrievalSuite,
  semanticCacheSuite,
  scaleSuite,
];
