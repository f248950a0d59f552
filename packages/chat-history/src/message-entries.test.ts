import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { CorruptDataError } from '@x/redis-core';
import { serializeMessage } from '@x/redis-core/internal';
import { describe, expect, it } from 'vitest';
import { CorruptMessageError } from './corrupt-message-error.js';
import { decodeEntries } from './message-entries.js';

const source = { sessionId: 'sé', key: 'chat:session:{s%C3%A9}', firstPosition: 0 };
const good = serializeMessage(new HumanMessage('hi'));

function decodeError(entries: unknown[], firstPosition = 0): CorruptMessageError {
  try {
    decodeEntries(entries, { ...source, firstPosition });
  } catch (error) {
    if (CorruptMessageError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('decodeEntries accepted a damaged entry');
}

describe('decodeEntries', () => {
  it('reads stored messages, as strings or buffers', () => {
    const messages = decodeEntries(
      [good, Buffer.from(serializeMessage(new AIMessage('yo')))],
      source,
    );
    expect(messages.map((message) => [message.getType(), message.content])).toEqual([
      ['human', 'hi'],
      ['ai', 'yo'],
    ]);
  });

  it.each([
    ['not JSON', 'hello'],
    ['JSON of another shape', '{"role":"user","content":"hi"}'],
    ['an unknown message type', '{"type":"alien","data":{"content":"x"}}'],
    ['a tool message without its call id', '{"type":"tool","data":{"content":"x"}}'],
    ['a null entry', null],
  ])('names the session and position of %s', (_what, entry) => {
    const error = decodeError([good, good, entry, good]);
    expect(error).toBeInstanceOf(CorruptDataError);
    expect(error.code).toBe('CORRUPT_MESSAGE');
    expect(error.sessionId).toBe('sé');
    expect(error.position).toBe(2);
    expect(error.key).toBe(source.key);
    expect(error.message).toContain('session "sé"');
    expect(error.message).toContain('position 2');
    expect(error.cause).toBeDefined();
  });

  it('counts from the tail when only the tail was read', () => {
    expect(decodeError(['bad', good, good], -3).position).toBe(-3);
    expect(decodeError([good, good, 'bad'], -3).position).toBe(-1);
  });
});
