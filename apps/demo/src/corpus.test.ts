import { describe, expect, test } from 'vitest';
import { CORPUS_PACKAGES, loadCorpus, splitMarkdown } from './corpus.js';

describe('splitMarkdown', () => {
  test('makes one passage per section, under its heading, and ignores # inside code', () => {
    const markdown = [
      '# @x/thing',
      '',
      'Intro paragraph.',
      '',
      '## Use',
      '',
      '```sh',
      '# not a heading',
      '```',
      '',
      '### Details',
      '',
      'More text.',
    ].join('\n');
    expect(splitMarkdown(markdown, 'thing')).toEqual([
      {
        id: 'thing:0',
        text: '## Overview\n\nIntro paragraph.',
        metadata: { package: 'thing', section: 'Overview' },
      },
      {
        id: 'thing:1',
        text: '## Use\n\n```sh\n# not a heading\n```',
        metadata: { package: 'thing', section: 'Use' },
      },
      {
        id: 'thing:2',
        text: '## Details\n\nMore text.',
        metadata: { package: 'thing', section: 'Details' },
      },
    ]);
  });

  test('splits a long section between paragraphs', () => {
    const paragraph = 'word '.repeat(100).trim();
    const markdown = `## Long\n\n${[paragraph, paragraph, paragraph].join('\n\n')}`;
    const passages = splitMarkdown(markdown, 'long');
    expect(passages.length).toBeGreaterThan(1);
    for (const passage of passages) expect(passage.text.length).toBeLessThan(1100);
    expect(passages.map((passage) => passage.metadata.section)).toEqual(passages.map(() => 'Long'));
  });
});

describe('loadCorpus', () => {
  test('holds every package README, as installed, and the demo topics', () => {
    const { passages, version } = loadCorpus();
    const names = new Set(passages.map((passage) => passage.metadata.package));
    expect([...names]).toEqual([...CORPUS_PACKAGES, 'topics']);
    expect(new Set(passages.map((passage) => passage.id)).size).toBe(passages.length);
    expect(version).toMatch(/^[0-9a-f]{16}$/);
  });
});
