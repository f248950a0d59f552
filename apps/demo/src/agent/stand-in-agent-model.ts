import { randomUUID } from 'node:crypto';
import {
  BaseChatModel,
  type BaseChatModelParams,
  type BindToolsInput,
} from '@langchain/core/language_models/chat_models';
import { AIMessage, type BaseMessage, ToolMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { readPromptPassages } from '../prompt.js';
import { composeReply, pause } from '../stand-in-chat-model.js';
import { AGENT_TOOL } from './agent-tools.js';

/** Options of {@link StandInAgentModel}. */
export interface StandInAgentModelOptions extends BaseChatModelParams {
  /** How long each call takes, in milliseconds, standing in for a real model's latency. */
  delayMs: number;
}

/** "Remember (that) …", "Note (that) …": a fact to keep. */
const REMEMBER = /^\s*(?:please\s+)?(?:remember|note)(?:\s+that)?[\s,:]+(.+?)\s*[.!]?\s*$/is;
/** A question about the person asking: what the agent was told. */
const ABOUT_ME = /\b(my|me|i|am i|do i)\b/i;

/**
 * A tool-calling chat model that needs no network, for the demo's agent: it calls `remember`
 * for "remember that …", `recall` for a question about the person, `search_docs` for any
 * other question, and, once the tool has answered, replies from what the tool returned. It is
 * a real LangChain chat model, so `createAgent` runs it like any other (with a real model,
 * the same agent decides for itself).
 */
export class StandInAgentModel extends BaseChatModel {
  readonly delayMs: number;

  constructor(options: StandInAgentModelOptions) {
    super(options);
    this.delayMs = options.delayMs;
  }

  _llmType(): string {
    return 'stand-in-agent';
  }

  /** The tools are the demo's three, known in advance: binding them changes nothing. */
  override bindTools(_tools: BindToolsInput[]): this {
    return this;
  }

  async _generate(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
  ): Promise<ChatResult> {
    await pause(this.delayMs, options.signal);
    const message = decide(messages);
    return { generations: [{ text: message.text, message }] };
  }
}

/** The next message of the agent: a tool call for a new question, or a reply to a tool's answer. */
function decide(messages: readonly BaseMessage[]): AIMessage {
  const last = messages.at(-1);
  const question = messages.findLast((message) => message.getType() === 'human')?.text ?? '';
  if (last instanceof ToolMessage || last?.getType() === 'tool') {
    return new AIMessage(replyTo((last as ToolMessage).name ?? '', last.text, question));
  }
  const remembered = REMEMBER.exec(question);
  const call = remembered
    ? { name: AGENT_TOOL.remember, args: { fact: remembered[1] as string } }
    : ABOUT_ME.test(question) && question.includes('?')
      ? { name: AGENT_TOOL.recall, args: { query: question } }
      : { name: AGENT_TOOL.searchDocs, args: { query: question } };
  return new AIMessage({
    content: '',
    tool_calls: [{ ...call, id: `call_${randomUUID().replaceAll('-', '')}`, type: 'tool_call' }],
  });
}

function replyTo(tool: string, result: string, question: string): string {
  if (tool === AGENT_TOOL.remember) return `Noted. ${result}`;
  if (tool === AGENT_TOOL.recall) return result;
  return composeReply(question, readPromptPassages(result));
}
