import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import { OfflineEmbeddings } from '@x/offline-embeddings';
import type { DemoConfig } from './config.js';
import { StandInChatModel } from './stand-in-chat-model.js';

/** What the page says about the models in use. */
export interface ModelsInfo {
  /** The chat model's name. */
  chat: string;
  /** The embedding model's name. */
  embeddings: string;
  /** Whether the chat model is the offline stand-in rather than a language model. */
  standIn: boolean;
  /** The stand-in's delay in milliseconds (`null` for a real model). */
  standInDelayMs: number | null;
}

/** The chat model and embeddings the demo answers with. */
export interface Models {
  chat: BaseChatModel;
  embeddings: EmbeddingsInterface;
  /**
   * Names the embeddings in Redis keys: vectors of different models must never share an index
   * (their dimensions and distances differ).
   */
  embeddingsId: string;
  info: ModelsInfo;
}

/**
 * Offline unless `OPENAI_API_KEY` is set: then OpenAI's chat model and embeddings, with no
 * other change.
 */
export function createModels(config: DemoConfig): Models {
  if (config.openAiApiKey) {
    return {
      chat: new ChatOpenAI({ apiKey: config.openAiApiKey, model: config.openAiModel }),
      embeddings: new OpenAIEmbeddings({
        apiKey: config.openAiApiKey,
        model: config.openAiEmbeddingModel,
      }),
      embeddingsId: `openai-${config.openAiEmbeddingModel}`,
      info: {
        chat: config.openAiModel,
        embeddings: config.openAiEmbeddingModel,
        standIn: false,
        standInDelayMs: null,
      },
    };
  }
  return {
    chat: new StandInChatModel({ delayMs: config.standInDelayMs }),
    embeddings: new OfflineEmbeddings(),
    embeddingsId: 'use-lite',
    info: {
      chat: 'stand-in (no language model)',
      embeddings: 'USE-lite, 512-d, offline',
      standIn: true,
      standInDelayMs: config.standInDelayMs,
    },
  };
}
