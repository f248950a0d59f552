import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestClient, dropIndexes, randomPrefix, removeKeys } from '@x/test-utils';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  chromiumMissing,
  type DemoProcess,
  type RedisProxy,
  startDemoProcess,
  startRedisProxy,
} from './test-helpers.js';
import { vectorSearchMissing } from './vector-gate.js';

const missing = chromiumMissing();
if (missing) console.warn(`[demo] the tests in headless Chromium are skipped: ${missing}`);
const noVectorSearch = vectorSearchMissing();
if (noVectorSearch) console.warn(`[demo] the demo's tests are skipped: ${noVectorSearch}`);

/** Asks a question on the page and returns the answer, once it is shown. */
async function ask(page: Page, question: string) {
  const answers = page.locator('#messages .message.assistant');
  const before = await answers.count();
  await page.fill('#message', question);
  await page.click('#send');
  const answer = answers.nth(before);
  await answer.waitFor({ timeout: 30_000 });
  return {
    source: await answer.getAttribute('data-source'),
    text: (await answer.locator('.text').textContent()) ?? '',
    meta: (await answer.locator('.meta').textContent()) ?? '',
    passages: await answer.locator('.passage').allTextContents(),
  };
}

/** The lines of the agent's streamed answer to `body`. */
async function streamedLines(url: string, body: unknown): Promise<Record<string, unknown>[]> {
  const response = await fetch(new URL('/api/agent/stream', url), {
    method: 'POST',
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function openPage(context: BrowserContext | undefined, url: string): Promise<Page> {
  if (!context) throw new Error('no browser');
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('[data-stat="documents"]').waitFor();
  return page;
}

// One demo for the whole file (indexing the corpus takes a while), started as `pnpm demo`
// starts it, in front of the run's Redis through a proxy whose network a test can cut.
describe.skipIf(noVectorSearch !== undefined)('the demo, as a person uses it', () => {
  const redis = inject('redis');
  const prefix = randomPrefix();
  const userDataDirectory = mkdtempSync(join(tmpdir(), 'demo-chromium-'));
  let proxy: RedisProxy;
  let demo: DemoProcess;
  let context: BrowserContext | undefined;

  const post = (body: string) =>
    fetch(new URL('/api/chat', demo.url), { method: 'POST', body }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as { error?: { code: string; message: string } },
    }));

  beforeAll(async () => {
    proxy = await startRedisProxy(redis.url);
    [demo, context] = await Promise.all([
      startDemoProcess({ redisUrl: proxy.url, prefix, env: { DEMO_MODEL_DELAY_MS: '400' } }),
      missing
        ? undefined
        : chromium.launchPersistentContext(userDataDirectory, {
            executablePath: CHROMIUM,
            headless: true,
            args: CHROMIUM_ARGS,
          }),
    ]);
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await demo?.stop();
    await proxy?.close();
    rmSync(userDataDirectory, { recursive: true, force: true });
    const client = createTestClient(redis.url);
    await client.connect();
    if (redis.capabilities.queryEngine) await dropIndexes(client, prefix);
    await removeKeys(client, `${prefix}:*`);
    await client.close();
  });

  test.skipIf(missing)(
    'answers from the model, then the exact cache, then the semantic cache; history survives a restart',
    async () => {
      const page = await openPage(context, demo.url);
      expect(await page.locator('#model-note').textContent()).toContain('Stand-in model');
      expect(await page.isDisabled('#send')).toBe(true);

      const first = await ask(page, 'What is a semantic cache?');
      expect(first.source).toBe('model');
      expect(first.meta).toMatch(/model\s*\d+(\.\d+)? (ms|s)/);
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
      for (const passage of filtered.passages)
        expect(passage.startsWith('chat-history')).toBe(true);

      // The panel refreshes after each answer.
      await page.locator('[data-stat="exact"]', { hasText: /^1 hit,/ }).waitFor();
      expect(await page.locator('[data-stat="semantic"]').textContent()).toMatch(/^1 hit,/);
      expect(await page.locator('[data-stat="model"]').textContent()).toBe('2');
      expect(await page.locator('[data-stat="saved"]').textContent()).not.toBe('0 ms');
      expect(Number(await page.locator('[data-stat="documents"]').textContent())).toBeGreaterThan(
        50,
      );
      const engine = await page.locator('[data-stat="engine"]').textContent();
      expect(engine).toMatch(/^(vector-set|query-engine)$/);
      // Words and meaning where the engine has a full-text index; meaning alone elsewhere.
      expect(await page.locator('[data-stat="search"]').textContent()).toBe(
        engine === 'query-engine' ? 'hybrid: words (BM25) + meaning' : 'meaning (vectors)',
      );
      expect(page.url()).toMatch(/#session=[A-Za-z0-9_-]+$/);

      // Ctrl-C stops the server cleanly; a new one on the same port serves the same history.
      expect(await demo.stop()).toBe(0);
      demo = await startDemoProcess({ redisUrl: proxy.url, prefix, port: demo.port });
      await page.reload();
      await page.locator('#messages .message.assistant').nth(3).waitFor();
      const sources = await page
        .locator('#messages .message.assistant')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-source')));
      expect(sources).toEqual(['model', 'exact', 'semantic', 'model']);
      expect(await page.locator('#sessions button.current .title').textContent()).toBe(
        'What is a semantic cache?',
      );
      expect(demo.output()).not.toContain('Indexing');
    },
    240_000,
  );

  test.skipIf(missing)(
    "the agent's thread continues after a restart, and a new thread recalls what it was told",
    async () => {
      const page = await openPage(context, demo.url);
      await page.click('#modes [data-mode="agent"]');
      await page.click('#new-session');
      const told = await ask(page, 'Remember that my favourite database is Redis');
      expect(told.source).toBe('agent');
      expect(told.meta).toContain('used remember');
      await page.locator('#memories .memory', { hasText: 'favourite database is Redis' }).waitFor();
      const docs = await ask(page, 'What is a semantic cache?');
      expect(docs.meta).toContain('used search_docs');
      expect(docs.text).toMatch(/\[1\]/);
      const thread = /#agent=([A-Za-z0-9_-]+)$/.exec(page.url())?.[1];
      expect(thread).toBeDefined();

      // A new server process: the thread comes back from RedisSaver, and goes on.
      expect(await demo.stop()).toBe(0);
      demo = await startDemoProcess({ redisUrl: proxy.url, prefix, port: demo.port });
      await page.reload();
      await page.locator('#messages .message.assistant').nth(1).waitFor();
      expect(await page.locator('#modes [data-mode="agent"]').getAttribute('aria-pressed')).toBe(
        'true',
      );
      const more = await ask(page, 'Which vector engines are there?');
      expect(more.meta).toContain('used search_docs');
      const response = await fetch(new URL(`/api/agent/threads/${thread}/messages`, demo.url));
      const { messages } = (await response.json()) as { messages: { role: string }[] };
      expect(messages.map((message) => message.role)).toEqual([
        'user',
        'assistant',
        'user',
        'assistant',
        'user',
        'assistant',
      ]);

      // Another thread knows the fact, from RedisStore's semantic search.
      await page.click('#new-session');
      await expect.poll(() => page.locator('#messages .message').count()).toBe(0);
      const recalled = await ask(page, 'What is my favourite database?');
      expect(recalled.meta).toContain('used recall');
      expect(recalled.text).toContain('Redis');
      // The list of threads is reloaded once the answer is in: wait for it.
      await expect.poll(() => page.locator('#sessions li').count()).toBe(2);
      // A question answered in the first thread, asked here: the tool still runs, and the
      // answer after its passages comes from the agent's cache (cacheMiddleware).
      const repeated = await ask(page, 'What is a semantic cache?');
      expect(repeated.meta).toContain('used search_docs');
      expect(repeated.meta).toContain('answer from the semantic cache');
      expect(repeated.text).toBe(docs.text);
      await page.locator('[data-stat="agent-cache"]', { hasText: /^1 hit,/ }).waitFor();
      // Through the streamed route, the cached answer comes word by word, then whole.
      const lines = await streamedLines(demo.url, {
        sessionId: 'streamed-thread',
        message: 'What is a semantic cache?',
      });
      const tokens = lines.filter((line) => line.type === 'token').map((line) => line.text);
      const done = lines.at(-1) as { type: string; answer: string; details: { cache: unknown } };
      expect(tokens.length).toBeGreaterThan(5);
      expect(done).toMatchObject({ type: 'done', details: { cache: { source: 'semantic' } } });
      expect(tokens.join('')).toBe(done.answer);
      await page.click('#modes [data-mode="chat"]');
    },
    240_000,
  );

  test('the agent API refuses bad input, and says so while Redis is away', async () => {
    const refusal = async (path: string, body: string) => {
      const response = await fetch(new URL(path, demo.url), { method: 'POST', body });
      const text = await response.text();
      if (!(response.headers.get('content-type') ?? '').startsWith('application/x-ndjson')) {
        return {
          status: response.status,
          code: (JSON.parse(text) as { error?: { code: string } }).error?.code,
        };
      }
      // Streamed: a failure once the answer is under way is its last line.
      const last = JSON.parse(text.trim().split('\n').at(-1) ?? '{}');
      return { status: last.status, code: last.error?.code };
    };
    const ask = async (body: string) => {
      const answered = await refusal('/api/agent', body);
      expect(await refusal('/api/agent/stream', body)).toEqual(answered);
      return answered;
    };
    const sessionId = 'agent-bad-input';
    expect(await ask(JSON.stringify({ sessionId, message: ' ' }))).toEqual({
      status: 400,
      code: 'empty-message',
    });
    expect(await ask(JSON.stringify({ sessionId: '../x', message: 'hi' }))).toEqual({
      status: 400,
      code: 'bad-session',
    });
    expect(await ask(JSON.stringify({ sessionId, message: 'x'.repeat(30_000) }))).toEqual({
      status: 413,
      code: 'message-too-long',
    });
    await proxy.cut();
    try {
      expect(await ask(JSON.stringify({ sessionId, message: 'What is a vector set?' }))).toEqual({
        status: 503,
        code: 'redis-unavailable',
      });
    } finally {
      await proxy.restore();
    }
    // Nothing of the refused questions was saved.
    const messages = () =>
      fetch(new URL(`/api/agent/threads/${sessionId}/messages`, demo.url)).then((r) => r.json());
    await expect.poll(messages, { timeout: 15_000 }).toEqual({ messages: [] });
  }, 60_000);

  test.skipIf(missing)('refuses an empty or too long message on the page', async () => {
    const page = await openPage(context, demo.url);
    await page.click('#new-session');
    await page.fill('#message', '  \n ');
    expect(await page.isDisabled('#send')).toBe(true);
    await page.press('#message', 'Enter');
    await page.waitForTimeout(300);
    expect(await page.locator('#messages .message').count()).toBe(0);
    await page.fill('#message', 'x'.repeat(20_001));
    expect(await page.isDisabled('#send')).toBe(true);
    expect(await page.locator('#counter').textContent()).toContain('too long');
  });

  test('the API refuses bad input with a clear message, and keeps serving', async () => {
    const sessionId = 'bad-input';
    const cases: [string, number, string][] = [
      [JSON.stringify({ sessionId, message: '' }), 400, 'empty-message'],
      [JSON.stringify({ sessionId, message: ' \n\t ' }), 400, 'empty-message'],
      [JSON.stringify({ sessionId, message: 'x'.repeat(100 * 1024) }), 413, 'message-too-long'],
      [JSON.stringify({ sessionId, message: 'x'.repeat(2 * 1024 * 1024) }), 413, 'body-too-large'],
      ['{"sessionId":', 400, 'bad-json'],
      [JSON.stringify({ sessionId: '../other', message: 'hi' }), 400, 'bad-session'],
      [JSON.stringify({ sessionId, message: 'hi', filter: 'nothing' }), 400, 'bad-filter'],
    ];
    for (const [body, status, code] of cases) {
      const response = await post(body);
      expect({ status: response.status, code: response.body.error?.code }).toEqual({
        status,
        code,
      });
      expect(response.body.error?.message.length).toBeGreaterThan(10);
    }
    const long = await post(JSON.stringify({ sessionId, message: 'x'.repeat(100 * 1024) }));
    expect(long.body.error?.message).toContain('102,400 characters; the limit is 20,000');
    const messages = await fetch(new URL(`/api/sessions/${sessionId}/messages`, demo.url));
    expect(await messages.json()).toEqual({ messages: [] });
  });

  test('while Redis is away the API says so and saves nothing; then it recovers', async () => {
    const sessionId = 'outage-api';
    const question = JSON.stringify({ sessionId, message: 'What does the exact cache do?' });
    await proxy.cut();
    try {
      const status = await fetch(new URL('/api/status', demo.url));
      expect(((await status.json()) as { redis: unknown }).redis).toMatchObject({ ok: false });
      const refused = await post(question);
      expect(refused.status).toBe(503);
      expect(refused.body.error?.code).toBe('redis-unavailable');
      expect(refused.body.error?.message).toContain('Redis is not reachable');
    } finally {
      await proxy.restore();
    }
    const redisOk = async () => {
      const status = await fetch(new URL('/api/status', demo.url));
      return ((await status.json()) as { redis: { ok: boolean } }).redis.ok;
    };
    await expect.poll(redisOk, { timeout: 15_000 }).toBe(true);
    expect((await post(question)).status).toBe(200);
    const messages = await fetch(new URL(`/api/sessions/${sessionId}/messages`, demo.url));
    const { messages: entries } = (await messages.json()) as { messages: unknown[] };
    expect(entries).toHaveLength(2);
  }, 60_000);

  test.skipIf(missing)(
    'shows a banner while Redis is away, and recovers by itself',
    async () => {
      const page = await openPage(context, demo.url);
      // The chat, whatever mode an earlier test left the page in.
      await page.click('#modes [data-mode="chat"]');
      await page.click('#new-session');
      await proxy.cut();
      try {
        const banner = page.locator('#banner');
        await banner.waitFor({ state: 'visible', timeout: 10_000 });
        expect(await banner.textContent()).toContain('Redis is not reachable');
        await page.fill('#message', 'What is a vector set?');
        await page.click('#send');
        await page.locator('#send:not([disabled])').waitFor();
        expect(await page.inputValue('#message')).toBe('What is a vector set?');
        expect(await page.locator('#messages .message').count()).toBe(0);
      } finally {
        await proxy.restore();
      }
      await page.locator('#banner').waitFor({ state: 'hidden', timeout: 15_000 });
      expect((await ask(page, 'What is a vector set?')).source).toBe('model');
      await page.reload();
      await page.locator('#messages .message.assistant').first().waitFor();
      expect(await page.locator('#messages .message').count()).toBe(2);
    },
    60_000,
  );
});
