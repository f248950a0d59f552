import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import { join } from 'node:path';
import { detectCapabilities, RedisConnection } from '@x/redis-core';
import { unlinkKeys } from '@x/redis-core/internal';
import { REPOSITORY_ROOT, spawnRedisServer } from '@x/test-utils/servers';
import { ratioChart } from './chart.js';
import { type GroupResult, type Measurement, measureGroup } from './harness.js';
import { formatMeasurement, targetRows, toMarkdown } from './report.js';
import { SUITES } from './suites/index.js';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const only = argv.filter((argument) => !argument.startsWith('--'));

async function main() {
  const started = performance.now();
  const spawned = process.env.REDIS_URL ? undefined : await spawnRedisServer();
  const url = process.env.REDIS_URL ?? spawned?.url ?? '';
  const connection = RedisConnection.from({ url });
  try {
    const capabilities = await detectCapabilities(connection);
    const engines = [
      capabilities.queryEngine && `query-engine (RediSearch ${capabilities.queryEngine.version})`,
      capabilities.vectorSets && 'vector-set',
    ].filter((engine): engine is string => Boolean(engine));
    const server = `${capabilities.server} ${capabilities.redisVersion}`;
    console.log(
      `bench: ${server} at ${url}${spawned ? ` (spawned ${spawned.binary})` : ''}; engines: ${engines.join(', ') || 'none'}${quick ? '; quick' : ''}`,
    );
    const results: GroupResult[] = [];
    const measurements: Measurement[] = [];
    for (const suite of SUITES) {
      if (only.length > 0 && !only.some((name) => suite.name.includes(name))) continue;
      const prefix = `bench${randomBytes(4).toString('hex')}`;
      const record = (measurement: Omit<Measurement, 'suite'>) => {
        measurements.push({ suite: suite.name, ...measurement });
        const target = measurement.target ? ` (target ${measurement.target.label})` : '';
        console.log(
          `${suite.name}: ${measurement.name}, ${measurement.scope}: ${formatMeasurement(measurement)}${target}`,
        );
      };
      const { groups, teardown } = await suite.setup({ url, quick, prefix, record });
      try {
        for (const group of groups) {
          const result = await measureGroup(suite.name, group, quick ? 5 : 9);
          results.push(result);
          console.log(`\n${suite.name}: ${group.name}`);
          console.table(
            Object.fromEntries(
              result.cases.map((row) => [
                row.name,
                {
                  'ops/s': Math.round(row.median),
                  min: Math.round(row.min),
                  max: Math.round(row.max),
                  ratio: `${row.ratio.toFixed(2)}×`,
                  target: row.target ? (row.target.pass ? 'pass' : 'MISS') : '',
                },
              ]),
            ),
          );
        }
      } finally {
        await teardown();
        await unlinkKeys(connection, `${prefix}*`);
      }
    }
    const environment = {
      date: new Date().toISOString(),
      machine: `${hostname()} ${cpus()[0]?.model ?? 'unknown CPU'}`,
      cpus: cpus().length,
      node: process.version,
      server,
      engines,
      quick,
      seconds: Math.round((performance.now() - started) / 1000),
    };
    const targets = targetRows(results, measurements);
    console.log('\ntargets:');
    console.table(
      targets.map((row) => ({
        target: row.label,
        measured: row.measured,
        bound: row.bound,
        result: row.pass === undefined ? 'not run' : row.pass ? 'pass' : 'MISS',
      })),
    );
    // A run of some suites only, or a quick one, must not overwrite the published report.
    const complete = only.length === 0 && !quick;
    const directory = join(REPOSITORY_ROOT, 'bench', 'results');
    mkdirSync(directory, { recursive: true });
    const base = complete ? 'latest' : quick ? 'quick' : 'partial';
    const json = { environment, targets, measurements, results };
    writeFileSync(join(directory, `${base}.json`), `${JSON.stringify(json, null, 2)}\n`);
    const caption = `${environment.server}, Node ${environment.node}, ${environment.cpus} cores, ${environment.date.slice(0, 10)}${complete ? '' : ` (${base} run)`}`;
    writeFileSync(
      join(directory, `${complete ? 'ratios' : base}.svg`),
      ratioChart(results, caption),
    );
    const markdown = complete
      ? toMarkdown(environment, results, measurements)
      : toMarkdown(environment, results, measurements, {
          json: `${base}.json`,
          chart: `${base}.svg`,
        });
    if (complete) writeFileSync(join(REPOSITORY_ROOT, 'bench', 'RESULTS.md'), markdown);
    else writeFileSync(join(directory, `${base}.md`), markdown);
    console.log(
      `\nbench: ${Math.round(environment.seconds / 60)} min; wrote ${complete ? 'bench/RESULTS.md, bench/results/latest.json and ratios.svg' : `bench/results/${base}.{json,md,svg}`}`,
    );
  } finally {
    await connection.close();
    await spawned?.stop();
  }
}

await main();
