import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisConnection, unlinkKeys } from '@x/redis-core';
import { randomPrefix } from '@x/test-utils';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  chromiumMissing,
  type DemoProcess,
  startDemoProcess,
} from './test-helpers.js';

const missing = chromiumMissing();
if (missing) console.warn(`[demo] the end-to-end test of the chat page is skipped: ${missing}`);

/** Asks a question on the page and returns the answer's element, once it is shown. */
async function ask(page: Page, question: string) {
  const answers = page.locator('#messages .message.assistant');
  const before = await answers.count();
  await page.fill('#message', question);
  await page.click('#send');
  const answer = answers.nth(before);
  await answer.waitFor({ timeout: 30_000 });
  return {
    source: await answer.getAttribute('data-source'),
    meta: (await answer.locator('.meta').textContent()) ?? '',
    passages: await answer.locator('.passage').allTextContents(),
  };
}

describe.skipIf(missing !== undefined)('the chat page, in headless Chromium', () => {
  const redis = inject('redis');
  const prefix = randomPrefix();
  const userDataDirectory = mkdtempSync(join(tmpdir(), 'demo-chromium-'));
  let demo: DemoProcess;
  let context: BrowserContext;

  beforeAll(async () => {
    [demo, context] = await Promise.all([
      startDemoProcess({ redisUrl: redis.url, prefix, env: { DEMO_MODEL_DELAY_MS: '400' } }),
      chromium.launchPersistentContext(userDataDirectory, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
      }),
    ]);
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await demo?.stop();
    rmSync(userDataDirectory, { recursive: true, force: true });
    const connection = RedisConnection.from({ url: redis.url });
    await unlinkKeys(connection, `${prefix}:*`);
    await connection.close();
  });

  test('answers from the model, then the exact cache, then the semantic cache; history survives a restart', async () => {
    const page = await context.newPage();
    await page.goto(demo.url);
    await page.locator('[data-stat="documents"]').waitFor();
    expect(await page.locator('#model-note').textContent()).toContain('Stand-in model');
    expect(await page.isDisabled('#send')).toBe(true);

    const first = await ask(page, 'What is a semantic cache?');
    expect(first.source).toBe('model');
    expect(first.meta).toMatch(/model.*\d+ ms/);
    expect(first.passages.length).toBeGreaterThan(0);
    expect(first.passages[0]).toMatch(/Semantic cache distance 0\.\d{3}/);

    const again = await ask(page, 'What is a semantic cache?');
    expect(again.source).toBe('exact');
    expect(again.meta).toMatch(/exact cache\s*\d+ ms/);

    const paraphrase = await ask(page, 'Can you explain what a semantic cache is?');
    expect(paraphrase.source).toBe('semantic');
    expect(paraphrase.meta).toMatch(/semantic cache\s*distance 0\.\d{3}\s*\d+ ms/);

    // The filter keeps retrieval to one document.
    await page.selectOption('#filter', 'chat-history');
    const filtered = await ask(page, 'How do I list the sessions?');
    expect(filtered.source).toBe('model');
    expect(filtered.passages.length).toBeGreaterThan(0);
    for (const passage of filtered.passages) expect(passage.startsWith('chat-history')).toBe(true);

    // The panel refreshes after each answer.
    await page.locator('[data-stat="exact"]', { hasText: /^1 hit,/ }).waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-stat="semantic"]').textContent()).toMatch(/^1 hit,/);
    expect(await page.locator('[data-stat="engine"]').textContent()).toMatch(
      /vector-set|query-engine/,
    );
    const sessionUrl = page.url();
    expect(sessionUrl).toMatch(/#session=[A-Za-z0-9_-]+$/);

    // Ctrl-C stops the server cleanly; a new one on the same port serves the same history.
    expect(await demo.stop()).toBe(0);
    demo = await startDemoProcess({ redisUrl: redis.url, prefix, port: demo.port });
    await page.reload();
    await page.locator('#messages .message.assistant').nth(3).waitFor();
    const sources = await page
      .locator('#messages .message.assistant')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-source')));
    expect(sources).toEqual(['model', 'exact', 'semantic', 'model']);
    expect(await page.locator('#messages .message.user .text').first().textContent()).toBe(
      'What is a semantic cache?',
    );
    expect(await page.locator('#sessions button.current .title').textContent()).toBe(
      'What is a semantic cache?',
    );
    expect(demo.output()).not.toContain('Indexing');
  }, 240_000);

  test('refuses an empty message on the page, and a new chat starts empty', async () => {
    const page = await context.newPage();
    await page.goto(demo.url);
    await page.locator('[data-stat="documents"]').waitFor();
    await page.fill('#message', '   ');
    expect(await page.isDisabled('#send')).toBe(true);
    const before = await page.locator('#messages .message').count();
    await page.press('#message', 'Enter');
    await page.waitForTimeout(300);
    expect(await page.locator('#messages .message').count()).toBe(before);
    await page.click('#new-session');
    await page.locator('#messages .message').first().waitFor({ state: 'detached' });
    expect(await page.isVisible('#empty-chat')).toBe(true);
    await page.fill('#message', 'x'.repeat(20_001));
    expect(await page.isDisabled('#send')).toBe(true);
    expect(await page.locator('#counter').textContent()).toContain('too long');
  }, 60_000);
});
