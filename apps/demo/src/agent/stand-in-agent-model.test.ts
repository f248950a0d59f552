import { AIMessage, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { describe, expect, test } from 'vitest';
import { AGENT_TOOL } from './agent-tools.js';
import { StandInAgentModel } from './stand-in-agent-model.js';

const model = new StandInAgentModel({ delayMs: 0 });

async function next(...messages: (HumanMessage | AIMessage | ToolMessage)[]) {
  return (await model.invoke(messages)) as AIMessage;
}

describe('StandInAgentModel', () => {
  test.each([
    [
      'Remember that my favourite database is Redis',
      AGENT_TOOL.remember,
      { fact: 'my favourite database is Redis' },
    ],
    ['please note: I live in Lisbon.', AGENT_TOOL.remember, { fact: 'I live in Lisbon' }],
    [
      'What is my favourite database?',
      AGENT_TOOL.recall,
      { query: 'What is my favourite database?' },
    ],
    ['What is a semantic cache?', AGENT_TOOL.searchDocs, { query: 'What is a semantic cache?' }],
    ['Tell me about my options', AGENT_TOOL.searchDocs, { query: 'Tell me about my options' }],
  ])('%s → %s', async (question, name, args) => {
    const reply = await next(new HumanMessage(question));
    expect(reply.tool_calls).toEqual([
      { name, args, id: expect.stringMatching(/^call_[0-9a-f]{32}$/), type: 'tool_call' },
    ]);
  });

  test('answers from what the tool returned', async () => {
    const call = (name: string) =>
      new AIMessage({ content: '', tool_calls: [{ name, args: {}, id: 'c1', type: 'tool_call' }] });
    const question = new HumanMessage('What is my favourite database?');
    const recalled = await next(
      question,
      call(AGENT_TOOL.recall),
      new ToolMessage({
        content: 'You told me: Redis.',
        tool_call_id: 'c1',
        name: AGENT_TOOL.recall,
      }),
    );
    expect(recalled.text).toBe('You told me: Redis.');
    expect(recalled.tool_calls ?? []).toEqual([]);
    const passages = '[1] llm-cache › TTL\nThe exact cache keeps each entry for ttl seconds.';
    const searched = await next(
      new HumanMessage('How long does the exact cache keep entries?'),
      call(AGENT_TOOL.searchDocs),
      new ToolMessage({ content: passages, tool_call_id: 'c1', name: AGENT_TOOL.searchDocs }),
    );
    expect(searched.text).toBe('The exact cache keeps each entry for ttl seconds. [1]');
  });
});
