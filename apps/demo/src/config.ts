/** Everything the demo reads from its environment, checked once at start. */
export interface DemoConfig {
  /** The HTTP port; 0 picks a free one. @default 3000 (or a free one when 3000 is taken) */
  port: number;
  /** Whether `port` was asked for explicitly (then a taken port is an error, not a fallback). */
  portExplicit: boolean;
  /** The start of every Redis key the demo writes. @default 'demo' */
  prefix: string;
  /** How long the stand-in model takes to answer, in milliseconds. @default 800 */
  standInDelayMs: number;
  /** The longest message accepted, in characters. @default 20000 */
  maxMessageCharacters: number;
  /**
   * The largest cosine distance the semantic cache serves; unset keeps the package's default.
   */
  semanticDistanceThreshold: number | undefined;
  /** The OpenAI API key: with it, a real chat model and real embeddings answer. */
  openAiApiKey: string | undefined;
  /** The OpenAI chat model. @default 'gpt-4o-mini' */
  openAiModel: string;
  /** The OpenAI embedding model. @default 'text-embedding-3-small' */
  openAiEmbeddingModel: string;
}

function integer(name: string, fallback: number, minimum: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new Error(`${name} must be a whole number of at least ${minimum}, got "${raw}"`);
  }
  return value;
}

function distance(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!(value >= 0 && value <= 2)) {
    throw new Error(`${name} must be a cosine distance from 0 to 2, got "${raw}"`);
  }
  return value;
}

/** Reads the configuration from `process.env`. @throws {Error} naming the bad variable. */
export function readConfig(): DemoConfig {
  const prefix = process.env.DEMO_PREFIX || 'demo';
  if (!/^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)*$/.test(prefix)) {
    throw new Error(
      `DEMO_PREFIX must be letters, digits, "_", ".", "-" in ":"-separated segments, got "${prefix}"`,
    );
  }
  return {
    port: integer('PORT', 3000, 0),
    portExplicit: Boolean(process.env.PORT),
    prefix,
    standInDelayMs: integer('DEMO_MODEL_DELAY_MS', 800, 0),
    maxMessageCharacters: integer('DEMO_MAX_MESSAGE_CHARS', 20_000, 1),
    semanticDistanceThreshold: distance('DEMO_SEMANTIC_THRESHOLD'),
    openAiApiKey: process.env.OPENAI_API_KEY || undefined,
    openAiModel: process.env.OPENAI_MODEL || 'gpt-4o-mini',
    openAiEmbeddingModel: process.env.OPENAI_EMBEDDING_MODEL || 'text-embedding-3-small',
  };
}
