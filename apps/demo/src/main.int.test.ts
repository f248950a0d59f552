import { spawn } from 'node:child_process';
import { freePort } from '@x/test-utils';
import { expect, it } from 'vitest';
import { DEMO_DIRECTORY } from './test-helpers.js';

it('says what is wrong and exits non-zero within seconds when REDIS_URL cannot be reached', async () => {
  const url = `redis://127.0.0.1:${await freePort()}`;
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: DEMO_DIRECTORY,
    env: { ...process.env, REDIS_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(1);
  expect(performance.now() - started).toBeLessThan(15_000);
  expect(output).toContain(`REDIS_URL=${url} cannot be reached`);
  expect(output).toMatch(/unset REDIS_URL/);
  expect(output).not.toMatch(/reconnecting/i);
}, 30_000);
