import type { BaseCache } from '@langchain/core/caches';
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, type BaseMessage, isAIMessage } from '@langchain/core/messages';
import type { ChatGeneration, ChatGenerationChunk } from '@langchain/core/outputs';
import { ChatPromptValue } from '@langchain/core/prompt_values';
import { InvalidArgumentError } from '../errors.js';
import { emitChunks, replayChunks } from './replay.js';

type StreamChunks = (
  messages: BaseMessage[],
  options: BaseChatModel['ParsedCallOptions'],
  runManager?: CallbackManagerForLLMRun,
) => AsyncGenerator<ChatGenerationChunk>;

const PATCHED = Symbol.for('@x/redis-core/streaming-cache');

/** A streamed answer as the cache keeps it: the chunks concatenated into one message. */
function toGeneration(chunk: ChatGenerationChunk): ChatGeneration {
  const message = chunk.message;
  return {
    text: chunk.text,
    message: new AIMessage({
      content: message.content,
      additional_kwargs: message.additional_kwargs,
      response_metadata: message.response_metadata,
      ...(isAIMessage(message) && message.tool_calls ? { tool_calls: message.tool_calls } : {}),
      ...(isAIMessage(message) && message.usage_metadata
        ? { usage_metadata: message.usage_metadata }
        : {}),
    }),
    ...(chunk.generationInfo === undefined ? {} : { generationInfo: chunk.generationInfo }),
  };
}

/**
 * Makes `model.stream()` (and every streamed call: `streamEvents`, a graph streamed with
 * `streamMode: 'messages'`) use the model's `cache`, which LangChain skips when a call streams.
 * A hit is replayed as chunks (word by word; tool-call chunks and usage on the last, the
 * response metadata, with `cache: { hit: true }`, on the first). A miss streams from the model
 * as it comes and is stored once complete: never when the stream fails or its reader stops
 * early. Keys are LangChain's (the prompt and the model's settings for the call), so streamed
 * and invoked calls share entries. Returns the same model, changed in place; calling it again
 * changes nothing.
 *
 * @throws {InvalidArgumentError} when `model` is not a chat model.
 */
export function withStreamingCache<M extends BaseChatModel>(model: M): M {
  if (!(model instanceof BaseChatModel)) {
    throw new InvalidArgumentError('withStreamingCache needs a LangChain chat model');
  }
  const patched = model as M & { [PATCHED]?: true };
  // A model that cannot stream already goes through invoke, and so through its cache.
  if (
    patched[PATCHED] ||
    model._streamResponseChunks === BaseChatModel.prototype._streamResponseChunks
  ) {
    return model;
  }
  const stream: StreamChunks = model._streamResponseChunks.bind(model);
  model._streamResponseChunks = async function* cachedStream(messages, options, runManager) {
    const cache = model.cache as BaseCache | undefined;
    if (cache === undefined || typeof cache.lookup !== 'function') {
      yield* stream(messages, options, runManager);
      return;
    }
    // As LangChain keys a chat model's cache: the messages as one text, and the call's settings.
    const prompt = new ChatPromptValue(messages).toString();
    const llmString = model._getSerializedCacheKeyParametersForCall(options);
    const stored = (await cache.lookup(prompt, llmString))?.[0] as ChatGeneration | undefined;
    if (stored?.message !== undefined && isAIMessage(stored.message)) {
      const message = new AIMessage({
        content: stored.message.content,
        additional_kwargs: stored.message.additional_kwargs,
        response_metadata: { ...stored.message.response_metadata, cache: { hit: true } },
        tool_calls: stored.message.tool_calls ?? [],
        usage_metadata: { input_tokens: 0, output_tokens: 0, total_tokens: 0 },
      });
      yield* emitChunks(replayChunks(message), runManager);
      return;
    }
    let whole: ChatGenerationChunk | undefined;
    for await (const chunk of stream(messages, options, runManager)) {
      whole = whole === undefined ? chunk : whole.concat(chunk);
      yield chunk;
    }
    // Reached only when the stream ended on its own: a failure throws past this, and a reader
    // that stops early returns from the `yield` above.
    if (whole !== undefined && options.signal?.aborted !== true) {
      await cache.update(prompt, llmString, [toGeneration(whole)]);
    }
  } as StreamChunks;
  Object.defineProperty(model, PATCHED, { value: true });
  return model;
}
