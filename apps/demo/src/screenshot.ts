// `pnpm --filter @x/demo screenshot`: the picture of the page in the root README
// (docs/demo-screenshot.png), taken in headless Chromium after a model answer (its passages
// shown), an exact-cache hit and a semantic-cache hit. Uses REDIS_URL, else a throwaway Redis.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisConnection } from '@x/redis-core';
import { unlinkKeys } from '@x/redis-core/internal';
import { REPOSITORY_ROOT, spawnRedisServer } from '@x/test-utils/servers';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing, startDemoProcess } from './test-helpers.js';

const missing = chromiumMissing();
if (missing) throw new Error(`No screenshot: ${missing}`);
const output = join(REPOSITORY_ROOT, 'docs/demo-screenshot.png');
const server = process.env.REDIS_URL ? undefined : await spawnRedisServer();
const redisUrl = process.env.REDIS_URL ?? (server?.url as string);
const prefix = `screenshot${Date.now()}`;
const userDataDirectory = mkdtempSync(join(tmpdir(), 'demo-screenshot-'));
try {
  const demo = await startDemoProcess({ redisUrl, prefix });
  try {
    const context = await chromium.launchPersistentContext(userDataDirectory, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 1000 },
    });
    try {
      await takeScreenshot(await context.newPage(), demo.url);
    } finally {
      await context.close();
    }
  } finally {
    await demo.stop();
  }
} finally {
  rmSync(userDataDirectory, { recursive: true, force: true });
  const connection = RedisConnection.from({ url: redisUrl });
  await unlinkKeys(connection, `${prefix}:*`);
  await connection.close();
  await server?.stop();
}

async function takeScreenshot(page: Page, url: string) {
  await page.goto(url);
  await page.locator('[data-stat="documents"]').waitFor();
  const answers = page.locator('#messages .message.assistant');
  const questions: [string, string][] = [
    ['What is a semantic cache?', ''],
    ['What is a semantic cache?', ''],
    ['Can you explain what a semantic cache is?', ''],
  ];
  for (const [index, [question, filter]] of questions.entries()) {
    await page.selectOption('#filter', filter);
    await page.fill('#message', question);
    await page.click('#send');
    await answers.nth(index).waitFor({ timeout: 30_000 });
  }
  await answers
    .first()
    .locator('details')
    .evaluate((details) => details.setAttribute('open', ''));
  await page.locator('[data-stat="semantic"]', { hasText: /^1 hit,/ }).waitFor();
  await page.screenshot({ path: output });
  console.log(`Saved ${output}`);
}
