import { AIMessage, HumanMessage, SystemMessage, ToolMessage } from '@langchain/core/messages';
import { describe, expect, it } from 'vitest';
import { describeModelCall } from './model-call-key.js';

const base = {
  model: 'openai:gpt-4o-mini',
  systemMessage: new SystemMessage('Be brief.'),
  tools: [],
};
const toolTurn = (id: string) => [
  new HumanMessage('Weather in Oslo?'),
  new AIMessage({ content: '', tool_calls: [{ id, name: 'weather', args: { city: 'Oslo' } }] }),
  new ToolMessage({ content: 'Sunny.', tool_call_id: id, name: 'weather' }),
];
const settingsOf = (call: ReturnType<typeof describeModelCall>) =>
  call.cacheable ? JSON.parse(call.settings) : call.reason;

describe('describeModelCall', () => {
  it('takes the last user message as the question and keys everything else', () => {
    const call = describeModelCall({ ...base, messages: [new HumanMessage('Capital of Peru?')] });
    expect(call).toMatchObject({ cacheable: true, question: 'Capital of Peru?' });
    expect(settingsOf(call)).toMatchObject({
      model: 'openai:gpt-4o-mini',
      system: 'Be brief.',
      tools: [],
      history: [],
      since: [],
    });
  });

  it('leaves out calls after tool results unless asked, and then keys the results, not their ids', () => {
    expect(describeModelCall({ ...base, messages: toolTurn('call-1') })).toEqual({
      cacheable: false,
      reason: 'tool-results',
    });
    const first = describeModelCall(
      { ...base, messages: toolTurn('call-1') },
      { afterToolResults: true },
    );
    const again = describeModelCall(
      { ...base, messages: toolTurn('call-9') },
      { afterToolResults: true },
    );
    expect(first).toMatchObject({ cacheable: true, question: 'Weather in Oslo?' });
    expect(first).toEqual(again);
    expect(settingsOf(first).since).toHaveLength(2);
  });

  it('keeps the history it is told to', () => {
    const messages = [
      new HumanMessage('I live in Lima.'),
      new AIMessage('Noted.'),
      new HumanMessage('What time is it here?'),
    ];
    expect(settingsOf(describeModelCall({ ...base, messages })).history).toHaveLength(2);
    expect(settingsOf(describeModelCall({ ...base, messages }, { history: 1 })).history).toEqual([
      { type: 'ai', content: 'Noted.' },
    ]);
    expect(settingsOf(describeModelCall({ ...base, messages }, { history: 0 })).history).toEqual(
      [],
    );
  });

  it('keys model settings, system prompt and tools apart', () => {
    const messages = [new HumanMessage('Hi')];
    const settings = [
      describeModelCall({ ...base, messages }),
      describeModelCall({ ...base, model: 'openai:gpt-4o', messages }),
      describeModelCall({ ...base, systemMessage: new SystemMessage('Be long.'), messages }),
      describeModelCall({
        ...base,
        tools: [{ type: 'function', function: { name: 'now', parameters: {} } }],
        messages,
      }),
    ].map((call) => (call.cacheable ? call.settings : call.reason));
    expect(new Set(settings).size).toBe(4);
  });

  it('refuses what cannot be keyed, and a call without a user message', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(
      describeModelCall({ ...base, responseFormat: circular, messages: [new HumanMessage('x')] }),
    ).toEqual({
      cacheable: false,
      reason: 'unkeyable',
    });
    expect(describeModelCall({ ...base, messages: [new AIMessage('hello')] })).toEqual({
      cacheable: false,
      reason: 'no-question',
    });
  });
});
