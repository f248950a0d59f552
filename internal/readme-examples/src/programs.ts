/** A variable a README's prose gives its examples: how to declare it, and how to let go of it. */
export interface PreambleVariable {
  declare: string;
  close?: string;
}

/** The variables of one README, by name. */
export type Preamble = Record<string, PreambleVariable>;

/** One example of a README: a `ts` code block that imports something (the others are fragments). */
export interface Example {
  /** The line of the README where its code starts. */
  line: number;
  code: string;
}

/** The examples of a README, in order. */
export function examplesOf(markdown: string): Example[] {
  const examples: Example[] = [];
  for (const match of markdown.matchAll(/^```ts\n([\s\S]*?)^```/gm)) {
    const code = match[1] ?? '';
    if (!/^import /m.test(code)) continue;
    const line = markdown.slice(0, match.index).split('\n').length + 1;
    examples.push({ line, code });
  }
  return examples;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `code` declares or imports `name` itself. */
function declares(code: string, name: string): boolean {
  const word = escapeRegExp(name);
  return (
    new RegExp(`\\b(?:const|let|var|class|function)\\s+${word}\\b`).test(code) ||
    new RegExp(`^import [^;]*\\b${word}\\b[^;]*from`, 'm').test(code)
  );
}

/**
 * The program that runs `code` as written: its `@langchain/openai` imports served by the
 * offline stand-in, `redis://localhost:6379` pointed at the test server, and before it the
 * preamble variables it uses without declaring (under namespaced imports that cannot clash
 * with its own); after it, those variables let go of. Nothing else is added: an example that
 * leaves a connection open never exits, and the test says so.
 */
export function programOf(
  code: string,
  preamble: Preamble,
  options: { url: string; standIn: string },
): string {
  const body = code
    .replaceAll("'@langchain/openai'", JSON.stringify(options.standIn))
    .replaceAll('redis://localhost:6379', options.url);
  const used = Object.entries(preamble).filter(
    ([name]) => new RegExp(`\\b${escapeRegExp(name)}\\b`).test(code) && !declares(code, name),
  );
  // Import declarations are hoisted wherever they stand, so the example stays as it is.
  return [
    "import * as __redis from 'redis';",
    "import * as __vectorstore from '@x/vectorstore';",
    `import * as __openai from ${JSON.stringify(options.standIn)};`,
    ...used.map(([, variable]) => variable.declare),
    body,
    ...used.flatMap(([, variable]) => (variable.close === undefined ? [] : [variable.close])),
    '',
  ].join('\n');
}
