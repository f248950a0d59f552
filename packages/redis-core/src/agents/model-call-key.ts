import {
  type BaseMessage,
  isAIMessage,
  isHumanMessage,
  isToolMessage,
  type MessageContent,
} from '@langchain/core/messages';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';

/** What a cache needs to know of one model call of an agent (LangChain's `ModelRequest`). */
export interface ModelCallRequest {
  /** The model: a chat model, or its name (`"openai:gpt-4o"`). */
  readonly model: unknown;
  readonly messages: readonly BaseMessage[];
  readonly systemMessage?: BaseMessage;
  readonly systemPrompt?: string;
  readonly tools?: readonly unknown[];
  readonly toolChoice?: unknown;
  readonly responseFormat?: unknown;
  readonly modelSettings?: Record<string, unknown>;
}

/** A model call described for a cache, or why it is not looked up nor stored. */
export type ModelCallKey =
  | {
      readonly cacheable: true;
      /**
       * What decides the answer besides the question, as one string (a cache's `llmString`):
       * the model and its settings, the tools bound (names, descriptions, schemas), the tool
       * choice, the response format, the system prompt, and the conversation before the
       * question when `history` is kept.
       */
      readonly settings: string;
      /** The whole conversation, as an exact cache's prompt. */
      readonly conversation: string;
      /**
       * The text of the last user message, as a semantic cache's prompt. What followed it in
       * the conversation (tool calls and results, with `afterToolResults`) is in `settings`.
       */
      readonly question: string;
    }
  | {
      readonly cacheable: false;
      /**
       * `tool-results`: the conversation holds tool results; `no-question`: it holds no user
       * message; `unkeyable`: a setting (a response format's schema...) has no JSON form.
       */
      readonly reason: 'tool-results' | 'no-question' | 'unkeyable';
    };

/** What {@link describeModelCall} is told. */
export interface DescribeOptions {
  /** Look up (and store) a call whose conversation holds tool results. @default false */
  readonly afterToolResults?: boolean;
  /**
   * How many messages before the question must be the same for a semantic hit: `'all'` (the
   * whole conversation) or a number (the last n). @default 'all'
   */
  readonly history?: number | 'all';
}

/** The text of a message's content: strings, and the text parts of content blocks. */
export function contentText(content: MessageContent): string {
  if (typeof content === 'string') return content;
  return content
    .map((part) =>
      typeof part === 'string' ? part : part.type === 'text' ? String(part.text) : '',
    )
    .join('');
}

/**
 * A message as the key sees it: its type, content, and tool calls (names and arguments). Ids
 * are left out: a model gives its tool calls new ones on every run.
 */
function messageForKey(message: BaseMessage): unknown {
  return {
    type: message.getType(),
    content: message.content,
    ...(isAIMessage(message) && (message.tool_calls?.length ?? 0) > 0
      ? { toolCalls: message.tool_calls?.map(({ name, args }) => ({ name, args })) }
      : {}),
    ...(isToolMessage(message) && message.name !== undefined ? { tool: message.name } : {}),
  };
}

/** The model's name and settings, as LangChain's own cache keys a call. */
function modelForKey(model: unknown): unknown {
  if (typeof model === 'string') return model;
  const keyed = model as { _getSerializedCacheKeyParametersForCall?: (options: object) => string };
  if (typeof keyed?._getSerializedCacheKeyParametersForCall === 'function') {
    return keyed._getSerializedCacheKeyParametersForCall({});
  }
  return (model as { constructor?: { name?: string } })?.constructor?.name ?? typeof model;
}

/** A tool as the model sees it: name, description and parameter schema. */
function toolForKey(tool: unknown): unknown {
  try {
    return convertToOpenAITool(tool as Parameters<typeof convertToOpenAITool>[0]);
  } catch {
    // A provider's server tool ({ type: 'web_search' }) is plain data already.
    return tool;
  }
}

/**
 * Describes a model call for a cache: the question (the user's last message), the
 * conversation, and everything else that decides the answer. A call whose conversation holds
 * tool results is not cacheable unless told otherwise (its answer depends on what the tools
 * returned this time: with `afterToolResults`, those results are part of the key), nor is one
 * without a user message.
 */
export function describeModelCall(
  request: ModelCallRequest,
  options: DescribeOptions = {},
): ModelCallKey {
  const { messages } = request;
  const asked = messages.findLastIndex((message) => isHumanMessage(message));
  const question = messages[asked];
  if (question === undefined) return { cacheable: false, reason: 'no-question' };
  if (options.afterToolResults !== true && messages.some((message) => isToolMessage(message))) {
    return { cacheable: false, reason: 'tool-results' };
  }
  // Each message as the key sees it, once: the history, the question and what followed it
  // (the tool calls made for it and their results, which the answer needs).
  const keyed = messages.map(messageForKey);
  const before = keyed.slice(0, asked);
  const since = keyed.slice(asked + 1);
  const history = options.history ?? 'all';
  const kept = history === 'all' ? before : history === 0 ? [] : before.slice(-history);
  const system = request.systemMessage?.content ?? request.systemPrompt ?? '';
  let settings: string;
  try {
    settings = JSON.stringify({
      model: modelForKey(request.model),
      system,
      tools: (request.tools ?? []).map(toolForKey),
      toolChoice: request.toolChoice ?? null,
      responseFormat: request.responseFormat ?? null,
      modelSettings: request.modelSettings ?? null,
      history: kept,
      since,
    });
  } catch {
    // What cannot be keyed exactly is not cached: an answer must never cross settings.
    return { cacheable: false, reason: 'unkeyable' };
  }
  return {
    cacheable: true,
    settings,
    conversation: JSON.stringify(keyed),
    question: contentText(question.content),
  };
}
