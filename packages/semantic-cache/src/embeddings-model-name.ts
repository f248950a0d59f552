import type { EmbeddingsInterface } from '@langchain/core/embeddings';

function stringProperty(target: object, name: string): string | undefined {
  const value = (target as Record<string, unknown>)[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * What names the vectors an embeddings object returns, for keys of the embeddings cache: its
 * class name, its `model` (or `modelName`), and its `dimensions` when it has them (OpenAI's
 * `text-embedding-3-*` return other vectors for another `dimensions`). Two objects of one class
 * configured some other way that changes their vectors need an explicit `model` option.
 */
export function embeddingsModelName(embeddings: EmbeddingsInterface): string {
  const parts = [embeddings.constructor?.name || 'Embeddings'];
  const model = stringProperty(embeddings, 'model') ?? stringProperty(embeddings, 'modelName');
  if (model !== undefined) parts.push(model);
  const { dimensions } = embeddings as { dimensions?: unknown };
  if (typeof dimensions === 'number' && Number.isInteger(dimensions)) {
    parts.push(`${dimensions}d`);
  }
  return parts.join('/');
}
