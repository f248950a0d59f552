import { hashText, KeySchema } from '@x/redis-core/internal';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CacheKeys } from './cache-keys.js';

const HEX_CLASS = '[0-9a-f]';

/** Redis's glob matching for what our patterns use: `[0-9a-f]` classes and `*`. */
function globMatches(pattern: string, key: string): boolean {
  let source = '';
  for (let index = 0; index < pattern.length; ) {
    if (pattern.startsWith(HEX_CLASS, index)) {
      source += HEX_CLASS;
      index += HEX_CLASS.length;
    } else {
      const character = pattern[index] ?? '';
      source += character === '*' ? '.*' : character.replace(/[.+?^${}()|[\]\\]/, '\\$&');
      index += 1;
    }
  }
  return new RegExp(`^${source}$`).test(key);
}

describe('CacheKeys', () => {
  const keys = new CacheKeys('app:llm');

  it("builds KeySchema's <prefix>:entry:<id> shape, the id left as it is", () => {
    const key = keys.entry('What is Redis?', '{"model":"m"}');
    expect(key).toMatch(/^app:llm:entry:[0-9a-f]{32}\.[0-9a-f]{64}$/);
    const id = key.slice('app:llm:entry:'.length);
    expect(new KeySchema('app:llm').key('entry', id)).toBe(key);
  });

  it('gives each prompt and each model settings its own key, including texts that join alike', () => {
    expect(keys.entry('a_b', 'c')).not.toBe(keys.entry('a', 'b_c'));
    expect(keys.entry('p', 'model 1')).not.toBe(keys.entry('p', 'model 2'));
    expect(keys.entry('p', 'model 1')).toBe(keys.entry('p', 'model 1'));
  });

  it('keeps prompts with different lone surrogates apart (UTF-8 would turn both into U+FFFD)', () => {
    expect(hashText('\uD800')).not.toBe(hashText('\uD801'));
    expect(hashText('\uD800')).not.toBe(hashText('\uFFFD'));
    expect(keys.entry('x\uDC00', 'm')).not.toBe(keys.entry('x\uFFFD', 'm'));
  });

  it('never gives two different texts one hash', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        fc.pre(a !== b);
        expect(hashText(a)).not.toBe(hashText(b));
      }),
    );
  });

  it('matches its own entries with pattern(), and those of one model with pattern(llmString)', () => {
    const entry = keys.entry('p', 'model 1');
    expect(globMatches(keys.pattern(), entry)).toBe(true);
    expect(globMatches(keys.pattern('model 1'), entry)).toBe(true);
    expect(globMatches(keys.pattern('model 2'), entry)).toBe(false);
  });

  it('matches no key of a longer prefix or of another shape', () => {
    const longer = new CacheKeys('app:llm:entry').entry('p', 'model 1');
    const entry = keys.entry('p', 'model 1');
    for (const foreign of [
      longer,
      `${entry}:x`,
      `${entry}x`,
      'app:llm:other:1',
      'app:llmx:entry:1',
    ]) {
      expect(globMatches(keys.pattern(), foreign), foreign).toBe(false);
    }
  });

  it('refuses prompts and model settings that are not strings with a TypeError', () => {
    expect(() => keys.entry(42 as never, 'm')).toThrow(TypeError);
    expect(() => keys.entry('p', undefined as never)).toThrow(
      /`llmString` must be a string, got undefined/,
    );
    expect(() => keys.entry(['p'] as never, 'm')).toThrow(
      /`prompt` must be a string, got an array/,
    );
    expect(() => keys.pattern(null as never)).toThrow(TypeError);
  });
});
