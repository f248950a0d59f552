import { FakeListChatModel } from '@langchain/core/utils/testing';
import { OFFLINE_EMBEDDINGS_DIMENSION, OfflineEmbeddings } from '@x/offline-embeddings';

// What the README examples import from '@langchain/openai', for runs without an API key or a
// network: a chat model that answers from a list, and a real sentence model that runs offline.
// Redis is never stood in for: the examples run against a real server.

/** A chat model with `ChatOpenAI`'s constructor, answering in turn from a fixed list. */
export class ChatOpenAI extends FakeListChatModel {
  constructor(fields: { model?: string; cache?: FakeListChatModel['cache'] } = {}) {
    super({
      responses: ['The capital of France is Paris.', 'Your name is Bob.'],
      ...(fields.cache === undefined ? {} : { cache: fields.cache }),
    });
  }
}

/**
 * Sentence embeddings with `OpenAIEmbeddings`'s constructor (512 dimensions, offline). An
 * example may ask for `dimensions: 512`, as it would of `text-embedding-3-small`; any other
 * size is refused, so that an example's `dims` is never checked against a vector it did not ask for.
 */
export class OpenAIEmbeddings extends OfflineEmbeddings {
  constructor(fields: { model?: string; dimensions?: number } = {}) {
    super();
    if (fields.dimensions !== undefined && fields.dimensions !== OFFLINE_EMBEDDINGS_DIMENSION) {
      throw new Error(
        `the offline stand-in makes ${OFFLINE_EMBEDDINGS_DIMENSION}-dimension vectors, not ${fields.dimensions}`,
      );
    }
  }
}
