#!/usr/bin/env node
// The figures of the reliability suite: the lines its last run printed (one JSON record each in
// node_modules/.reliability/figures.jsonl), made into RELIABILITY.md's tables.
//
//   node scripts/figures.mjs           rewrites the figures section of RELIABILITY.md
//   node scripts/figures.mjs --check   fails unless RELIABILITY.md lists exactly the scenarios
//                                      the last run printed, each with 0 lost
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const figuresFile = join(packageRoot, 'node_modules/.reliability/figures.jsonl');
const runFile = join(packageRoot, 'node_modules/.reliability/run.json');
const document = join(packageRoot, '../../RELIABILITY.md');
const START = '<!-- figures:start (written by internal/reliability/scripts/figures.mjs) -->';
const END = '<!-- figures:end -->';
/** The order of the areas in the document. */
const AREAS = ['faults', 'concurrency', 'hostile input', 'acl', 'tls', 'cluster'];

function readRecords() {
  if (!existsSync(figuresFile)) {
    throw new Error(
      `no figures at ${figuresFile}: run the suite first (pnpm --filter @x/reliability test)`,
    );
  }
  return readFileSync(figuresFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

const cell = (text) => String(text).replaceAll('|', '\\|').replaceAll('\n', ' ');
const count = (value) => value.toLocaleString('en-US');

function table(records) {
  const rows = records.map(
    (record) =>
      `| ${cell(record.scenario)} | ${count(record.attempted)} | ${count(record.succeeded)} | ${count(record.failedAsExpected)}${record.failedAsExpected ? ` (${cell(record.expectedFailure)})` : ''} | **${record.lost}** | ${cell(record.detail ?? '')} |`,
  );
  return [
    '| scenario | attempted | succeeded | failed as expected | lost | how |',
    '|---|---:|---:|---|---:|---|',
    ...rows,
  ].join('\n');
}

function section(records) {
  const sorted = [...records].sort(
    (a, b) => AREAS.indexOf(a.area) - AREAS.indexOf(b.area) || a.scenario.localeCompare(b.scenario),
  );
  const total = (key) => sorted.reduce((sum, record) => sum + record[key], 0);
  const parts = [
    START,
    '',
    `Run of ${run.date ?? 'unknown date'}: ${run.machine ?? `${cpus().length} cores`}, Node ${run.node ?? process.versions.node}, ${run.redis ?? 'Redis 8'}${run.engines?.spawned?.includes('query-engine') ? ' with the Query Engine loaded (REDIS_SERVER_ARGS)' : ''}${run.engines?.run?.includes('query-engine') ? '; the concurrency scenarios on a server with the Query Engine (REDIS_URL)' : ''}. The \`(query-engine)\` scenarios run only where a Query Engine is: no package registry ships one, so CI skips them and \`--check\` expects them only then.`,
    `${sorted.length} scenarios, ${count(total('attempted'))} operations attempted, ${count(total('succeeded'))} succeeded, ${count(total('failedAsExpected'))} failed as expected, **${total('lost')} lost**.`,
  ];
  for (const area of AREAS) {
    const inArea = sorted.filter((record) => record.area === area);
    if (inArea.length > 0) parts.push('', `### ${area}`, '', table(inArea));
  }
  parts.push('', END);
  return parts.join('\n');
}

function currentSection(text) {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start)
    throw new Error(`${document} has no figures section (${START} ... ${END})`);
  return { start, end: end + END.length };
}

/** The `<area> / <scenario>` of every row of a published figures section. */
function publishedScenarios(published) {
  const scenarios = [];
  let area = '';
  for (const line of published.split('\n')) {
    const heading = /^### (.+)$/.exec(line);
    if (heading) area = heading[1];
    const row = /^\| ((?:[^|\\]|\\.)*?) \|/.exec(line);
    if (row && row[1] !== 'scenario' && !/^-+$/.test(row[1])) {
      scenarios.push(`${area} / ${row[1].replaceAll('\\|', '|')}`);
    }
  }
  return scenarios;
}

const run = existsSync(runFile) ? JSON.parse(readFileSync(runFile, 'utf8')) : {};
const checking = process.argv.includes('--check');
if (checking && run.skipped) {
  console.log(`RELIABILITY.md not checked: the suite could not spawn its servers (${run.skipped})`);
  process.exit(0);
}
const records = readRecords();
const text = readFileSync(document, 'utf8');
const { start, end } = currentSection(text);
if (checking) {
  // A scenario of one vector engine is expected only where the run had that engine: on its own
  // server for the concurrency scenarios, on the servers it spawns for the others (no registry
  // ships the Query Engine, so CI runs without it).
  const expected = (scenario) => {
    const engine = /\((vector-set|query-engine)\)/.exec(scenario)?.[1];
    const engines = scenario.startsWith('concurrency / ') ? run.engines?.run : run.engines?.spawned;
    return engine === undefined || (engines ?? []).includes(engine);
  };
  const published = new Set(publishedScenarios(text.slice(start, end)).filter(expected));
  const printed = new Set(records.map((record) => `${record.area} / ${record.scenario}`));
  const problems = [
    ...records
      .filter((record) => record.lost !== 0)
      .map((record) => `${record.area} / ${record.scenario}: ${record.lost} lost`),
    ...[...printed]
      .filter((scenario) => !published.has(scenario))
      .map((scenario) => `${scenario}: printed by the run, missing from RELIABILITY.md`),
    ...[...published]
      .filter((scenario) => !printed.has(scenario))
      .map((scenario) => `${scenario}: in RELIABILITY.md, not printed by the run`),
  ];
  if (problems.length > 0) {
    console.error(
      `RELIABILITY.md does not match the run:\n  ${problems.join('\n  ')}\nRun \`pnpm --filter @x/reliability figures\` to run the suite and rewrite it.`,
    );
    process.exit(1);
  }
  console.log(
    `RELIABILITY.md lists the ${records.length} scenarios the run printed, each with 0 lost`,
  );
} else {
  writeFileSync(document, text.slice(0, start) + section(records) + text.slice(end));
  console.log(`RELIABILITY.md: figures of ${records.length} scenarios written`);
}
