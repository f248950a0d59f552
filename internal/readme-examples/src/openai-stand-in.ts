import { FakeListChatModel } from '@langchain/core/utils/testing';
import { OfflineEmbeddings } from '@x/offline-embeddings';

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

/** Sentence embeddings with `OpenAIEmbeddings`'s constructor (512 dimensions, offline). */
export class OpenAIEmbeddings extends OfflineEmbeddings {
  constructor(_fields: { model?: string } = {}) {
    super();
  }
}
