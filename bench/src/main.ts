import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import { join } from 'node:path';
import { detectCapabilities, RedisConnection, unlinkKeys } from '@x/redis-core';
import { REPOSITORY_ROOT, spawnRedisServer } from '@x/test-utils/servers';
import { type GroupResult, measureGroup } from './harness.js';
import { toMarkdown } from './report.js';
import { SUITES } from './suites/index.js';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const only = argv.filter((argument) => !argument.startsWith('--'));

async function main() {
  const spawned = process.env.REDIS_URL ? undefined : await spawnRedisServer();
  const url = process.env.REDIS_URL ?? spawned?.url ?? '';
  const connection = RedisConnection.from({ url });
  try {
    const capabilities = await detectCapabilities(connection);
    const engines = [
      capabilities.queryEngine && 'query-engine',
      capabilities.vectorSets && 'vector-set',
    ].filter((engine): engine is string => Boolean(engine));
    const server = `${capabilities.server} ${capabilities.redisVersion}`;
    console.log(
      `bench: ${server} at ${url}${spawned ? ` (spawned ${spawned.binary})` : ''}; engines: ${engines.join(', ') || 'none'}${quick ? '; quick' : ''}`,
    );
    const results: GroupResult[] = [];
    for (const suite of SUITES) {
      if (only.length > 0 && !only.some((name) => suite.name.includes(name))) continue;
      const prefix = `bench${randomBytes(4).toString('hex')}`;
      const { groups, teardown } = await suite.setup({ url, quick, prefix });
      try {
        for (const group of groups) {
          const result = await measureGroup(suite.name, group, quick ? 5 : 7);
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
                  target: row.target ? (row.target.pass ? 'pass' : 'FAIL') : '',
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
    };
    const directory = join(REPOSITORY_ROOT, 'bench');
    mkdirSync(join(directory, 'results'), { recursive: true });
    writeFileSync(
      join(directory, 'results', quick ? 'quick.json' : 'latest.json'),
      `${JSON.stringify({ environment, results }, null, 2)}\n`,
    );
    if (!quick) writeFileSync(join(directory, 'RESULTS.md'), toMarkdown(environment, results));
    console.log(
      `\nbench: wrote bench/results/${quick ? 'quick.json' : 'latest.json and bench/RESULTS.md'}`,
    );
  } finally {
    await connection.close();
    await spawned?.stop();
  }
}

await main();
