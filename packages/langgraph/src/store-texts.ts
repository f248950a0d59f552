import { InvalidArgumentError } from '@x/redis-core';

/**
 * The texts to embed at a field path of an item's value, with the path syntax of LangGraph's
 * `IndexConfig.fields` (and the texts `InMemoryStore` finds there):
 *
 * - `$`: the whole value, as indented JSON (`$.a` is `a`);
 * - `a.b`: a nested field; `*` any field (or element);
 * - `a[2]`, `a[-1]`, `a[*]`: an element from the start or the end, or every element;
 * - `{a,b.c}`: several fields of an object.
 *
 * A string, number or boolean found is its text; an object or array its indented JSON;
 * `null` and missing fields none. `@langchain/langgraph-checkpoint` exports a `getTextAtPath`
 * that does not follow this syntax (`[*]` then `.content` finds nothing): this one does.
 */
export function textsAt(value: unknown, path: string): string[] {
  if (path === '$') return [JSON.stringify(value, null, 2)];
  const found: string[] = [];
  collect(value, parsePath(path.startsWith('$.') ? path.slice(2) : path), 0, found);
  return found;
}

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'every' }
  | { kind: 'fields'; paths: Step[][] };

/** @throws {InvalidArgumentError} for brackets or braces that do not close. */
export function parsePath(path: string): Step[] {
  const steps: Step[] = [];
  let name = '';
  const flush = () => {
    if (name !== '') steps.push(name === '*' ? { kind: 'every' } : { kind: 'field', name });
    name = '';
  };
  for (let at = 0; at < path.length; at++) {
    const char = path[at] as string;
    if (char === '.') {
      flush();
    } else if (char === '[' || char === '{') {
      flush();
      const end = closing(path, at);
      const inner = path.slice(at + 1, end);
      steps.push(char === '[' ? indexStep(inner, path) : fieldsStep(inner));
      at = end;
    } else {
      name += char;
    }
  }
  flush();
  return steps;
}

function collect(value: unknown, steps: readonly Step[], at: number, found: string[]): void {
  if (at === steps.length) {
    const text = leafText(value);
    if (text !== undefined) found.push(text);
    return;
  }
  const step = steps[at] as Step;
  const next = (child: unknown) => collect(child, steps, at + 1, found);
  switch (step.kind) {
    case 'field':
      if (isObject(value) && Object.hasOwn(value, step.name)) next(value[step.name]);
      return;
    case 'index':
      if (Array.isArray(value)) {
        const index = step.index < 0 ? value.length + step.index : step.index;
        if (index >= 0 && index < value.length) next(value[index]);
      }
      return;
    case 'every':
      if (Array.isArray(value)) value.forEach(next);
      else if (isObject(value)) Object.values(value).forEach(next);
      return;
    case 'fields':
      if (!isObject(value)) return;
      for (const path of step.paths) {
        const texts: string[] = [];
        collect(value, path, 0, texts);
        found.push(...texts);
      }
      return;
  }
}

function leafText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && value !== null) return JSON.stringify(value, null, 2);
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where the bracket or brace opened at `at` closes (nesting counted). */
function closing(path: string, at: number): number {
  const open = path[at];
  const close = open === '[' ? ']' : '}';
  let depth = 0;
  for (let index = at; index < path.length; index++) {
    if (path[index] === open) depth++;
    else if (path[index] === close && --depth === 0) return index;
  }
  throw new InvalidArgumentError(
    `the field path ${JSON.stringify(path)} does not close its ${open}`,
  );
}

function indexStep(inner: string, path: string): Step {
  if (inner.trim() === '*') return { kind: 'every' };
  if (!/^\s*-?\d+\s*$/.test(inner)) {
    throw new InvalidArgumentError(
      `the field path ${JSON.stringify(path)} holds [${inner}]: use [n], [-n] or [*]`,
    );
  }
  return { kind: 'index', index: Number(inner) };
}

function fieldsStep(inner: string): Step {
  const paths = inner
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field !== '')
    .map(parsePath);
  return { kind: 'fields', paths };
}
