import { InvalidArgumentError } from '@x/redis-core';
import { describe, expect, test } from 'vitest';
import { textsAt } from './store-texts.js';

const value = {
  title: 'Notes',
  n: 3,
  done: false,
  none: null,
  meta: { author: { name: 'Ada' }, tags: ['a', 'b'] },
  chapters: [{ content: 'one', pages: 10 }, { content: 'two', pages: 20 }, { content: 'three' }],
};

describe('textsAt', () => {
  test.each([
    ['title', ['Notes']],
    ['n', ['3']],
    ['done', ['false']],
    ['none', []],
    ['missing', []],
    ['toString', []],
    ['meta.author.name', ['Ada']],
    ['$.meta.author.name', ['Ada']],
    ['meta.author', [JSON.stringify({ name: 'Ada' }, null, 2)]],
    ['meta.tags[*]', ['a', 'b']],
    ['meta.tags[0]', ['a']],
    ['meta.tags[-1]', ['b']],
    ['meta.tags[5]', []],
    ['chapters[*].content', ['one', 'two', 'three']],
    ['chapters[*].pages', ['10', '20']],
    ['chapters[1].content', ['two']],
    ['chapters[-1].content', ['three']],
    ['chapters[*].{content,pages}', ['one', '10', 'two', '20', 'three']],
    ['{title,meta.author.name}', ['Notes', 'Ada']],
    ['meta.*', [JSON.stringify({ name: 'Ada' }, null, 2), JSON.stringify(['a', 'b'], null, 2)]],
    ['title[0]', []],
  ])('%s', (path, expected) => {
    expect(textsAt(value, path)).toEqual(expected);
  });

  test('the whole value as indented JSON', () => {
    expect(textsAt(value, '$')).toEqual([JSON.stringify(value, null, 2)]);
  });

  test('refuses a path that does not close or indexes with something else', () => {
    expect(() => textsAt(value, 'chapters[*')).toThrow(InvalidArgumentError);
    expect(() => textsAt(value, '{title')).toThrow(InvalidArgumentError);
    expect(() => textsAt(value, 'chapters[x]')).toThrow(InvalidArgumentError);
  });
});
