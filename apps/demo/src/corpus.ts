import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A passage of the corpus, as it goes into the vector store. */
export interface CorpusPassage {
  /** Stable across starts, so indexing again replaces rather than duplicates. */
  id: string;
  /** The section's heading line, then its text (markdown). */
  text: string;
  metadata: {
    /** Which document it comes from: a package name without scope, or `topics`. The filter field. */
    package: string;
    /** The heading of its section. */
    section: string;
  };
}

/** The packages whose README is part of the corpus, as an app finds them: installed. */
export const CORPUS_PACKAGES = [
  'redis-core',
  'llm-cache',
  'semantic-cache',
  'vectorstore',
  'chat-history',
] as const;

/** The documents that ship with the demo itself. */
const TOPICS_FILE = join(dirname(fileURLToPath(import.meta.url)), '../corpus/topics.md');

/** Passages longer than this (in characters) are split between paragraphs. */
const MAX_PASSAGE_CHARACTERS = 900;

interface Section {
  heading: string;
  paragraphs: string[];
}

/** The sections of a markdown text, each with its paragraphs (a code block is one paragraph). */
function sectionsOf(markdown: string, firstHeading: string): Section[] {
  const sections: Section[] = [{ heading: firstHeading, paragraphs: [] }];
  let paragraph: string[] = [];
  let inCode = false;
  const flush = () => {
    const text = paragraph.join('\n').trim();
    if (text) sections.at(-1)?.paragraphs.push(text);
    paragraph = [];
  };
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inCode = !inCode;
    const heading = inCode ? null : /^(#{1,4})\s+(.+)$/.exec(line);
    if (heading) {
      flush();
      // The document's title opens its first section rather than a section of its own.
      if (heading[1] === '#') continue;
      sections.push({ heading: heading[2]?.trim() ?? '', paragraphs: [] });
    } else if (line.trim() === '' && !inCode) {
      flush();
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return sections.filter((section) => section.paragraphs.length > 0);
}

/** Splits a markdown document into passages of whole paragraphs under their section heading. */
export function splitMarkdown(markdown: string, name: string): CorpusPassage[] {
  const passages: CorpusPassage[] = [];
  for (const { heading, paragraphs } of sectionsOf(markdown, 'Overview')) {
    let chunk: string[] = [];
    const emit = () => {
      if (chunk.length === 0) return;
      passages.push({
        id: `${name}:${passages.length}`,
        text: `## ${heading}\n\n${chunk.join('\n\n')}`,
        metadata: { package: name, section: heading },
      });
      chunk = [];
    };
    for (const paragraph of paragraphs) {
      const length = chunk.reduce((sum, text) => sum + text.length + 2, 0);
      if (chunk.length > 0 && length + paragraph.length > MAX_PASSAGE_CHARACTERS) emit();
      chunk.push(paragraph.slice(0, MAX_PASSAGE_CHARACTERS * 2));
    }
    emit();
  }
  return passages;
}

/** The corpus and a version that changes whenever any passage does. */
export interface Corpus {
  passages: CorpusPassage[];
  /** A hash of every passage: answers cached for one version are never served for another. */
  version: string;
}

/** Reads the READMEs of the installed packages and the demo's own topics. */
export function loadCorpus(): Corpus {
  const require = createRequire(import.meta.url);
  const passages = CORPUS_PACKAGES.flatMap((name) => {
    const manifest = require.resolve(`@x/${name}/package.json`);
    return splitMarkdown(readFileSync(join(dirname(manifest), 'README.md'), 'utf8'), name);
  });
  passages.push(...splitMarkdown(readFileSync(TOPICS_FILE, 'utf8'), 'topics'));
  const version = createHash('sha256').update(JSON.stringify(passages)).digest('hex').slice(0, 16);
  return { passages, version };
}
