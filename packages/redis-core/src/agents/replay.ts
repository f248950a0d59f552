import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { type AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import { AsyncLocalStorageProviderSingleton } from '@langchain/core/singletons';

/** Words with the space after them: the pieces a replayed answer streams in. */
const PIECE = /\S+\s*|\s+/g;

/**
 * The chunks a model would have streamed for `message`: its text word by word, the first chunk
 * carrying its response metadata, the last its tool calls (as tool-call chunks) and usage. The
 * chunks concatenate back to the message. Metadata rides on one chunk only: concatenating
 * chunks joins the strings of repeated metadata.
 */
export function* replayChunks(message: AIMessage): Generator<ChatGenerationChunk> {
  const { content } = message;
  const pieces: AIMessageChunk['content'][] =
    typeof content === 'string' ? (content.match(PIECE) ?? []) : [content];
  if (pieces.length === 0) pieces.push('');
  // Made one at a time, as they are read: the first chunk goes out before the rest exist.
  for (const [index, piece] of pieces.entries()) {
    const first = index === 0;
    const last = index === pieces.length - 1;
    const chunk = new AIMessageChunk({
      content: piece,
      ...(first
        ? {
            additional_kwargs: message.additional_kwargs,
            response_metadata: message.response_metadata,
          }
        : {}),
      ...(last && message.usage_metadata !== undefined
        ? { usage_metadata: message.usage_metadata }
        : {}),
      ...(last && (message.tool_calls?.length ?? 0) > 0
        ? {
            tool_call_chunks: (message.tool_calls ?? []).map((call, position) => ({
              type: 'tool_call_chunk' as const,
              name: call.name,
              args: JSON.stringify(call.args),
              ...(call.id === undefined ? {} : { id: call.id }),
              index: position,
            })),
          }
        : {}),
    });
    yield new ChatGenerationChunk({ text: typeof piece === 'string' ? piece : '', message: chunk });
  }
}

/** Yields `chunks`, telling the run's callbacks of each as a model's stream does. */
export async function* emitChunks(
  chunks: Iterable<ChatGenerationChunk>,
  runManager: CallbackManagerForLLMRun | undefined,
): AsyncGenerator<ChatGenerationChunk> {
  for (const chunk of chunks) {
    yield chunk;
    await runManager?.handleLLMNewToken(chunk.text, undefined, undefined, undefined, undefined, {
      chunk,
    });
  }
}

/**
 * A chat model that answers with one stored message, streamed as {@link replayChunks} when a
 * caller streams: how a cached answer reaches a stream (`streamMode: 'messages'`, callbacks)
 * as if a model had written it.
 */
export class ReplayChatModel extends BaseChatModel {
  readonly #message: AIMessage;

  constructor(message: AIMessage) {
    super({});
    this.#message = message;
  }

  _llmType(): string {
    return 'redis-cache-replay';
  }

  async _generate(): Promise<ChatResult> {
    const text = typeof this.#message.content === 'string' ? this.#message.content : '';
    return { generations: [{ text, message: this.#message }] };
  }

  override async *_streamResponseChunks(
    _messages: BaseMessage[],
    _options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    yield* emitChunks(replayChunks(this.#message), runManager);
  }
}

/** Whether the run this code is part of streams model output (a handler that prefers it). */
export function streamingRequested(): boolean {
  const callbacks = AsyncLocalStorageProviderSingleton.getRunnableConfig()?.callbacks;
  const handlers: readonly unknown[] = Array.isArray(callbacks)
    ? callbacks
    : (callbacks?.handlers ?? []);
  return handlers.some(
    (handler) => (handler as { lc_prefer_streaming?: boolean }).lc_prefer_streaming === true,
  );
}
