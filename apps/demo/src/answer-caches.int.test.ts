import { AIMessage } from '@langchain/core/messages';
import { RedisCache } from '@x/llm-cache';
import { OfflineEmbeddings } from '@x/offline-embeddings';
import { redisTest } from '@x/test-utils';
import { createClient } from 'redis';
import { describe, expect, test } from 'vitest';
import { AnswerCaches } from './answer-caches.js';
import { createSemanticAnswerCache } from './semantic-answer-cache.js';
import { vectorSearchMissing } from './vector-gate.js';

const missing = vectorSearchMissing();
if (missing) console.warn(`[demo] the answer cache tests are skipped: ${missing}`);

const embeddings = new OfflineEmbeddings();
const scope = JSON.stringify({ model: 'stand-in', corpus: 'v1', filter: null });
const answer = new AIMessage({
  content: 'A semantic cache serves the answer of a similar question.',
  response_metadata: { origin: { answerMs: 900, passages: [] } },
});

function createCaches(
  client: Parameters<typeof createSemanticAnswerCache>[0]['client'],
  prefix: string,
) {
  const failures: string[] = [];
  const exact = new RedisCache({
    client,
    prefix: `${prefix}:llm`,
    onError: (error) => failures.push(error.message),
  });
  const semantic = createSemanticAnswerCache({
    client,
    embeddings,
    name: `${prefix}:semantic`,
    ttl: 60,
    distanceThreshold: undefined,
    onError: (message) => failures.push(message),
  });
  return { caches: new AnswerCaches(exact, semantic), failures };
}

describe.skipIf(missing !== undefined)('AnswerCaches on a real Redis', () => {
  redisTest(
    'asks the exact cache first, then the semantic one, within one scope',
    async ({ redis }) => {
      const { caches, failures } = createCaches(redis.client, redis.prefix);
      expect(await caches.lookup('What is a semantic cache?', scope)).toEqual({
        hit: null,
        nearestDistance: null,
      });
      await caches.update('What is a semantic cache?', scope, answer);

      const exact = await caches.lookup('What is a semantic cache?', scope);
      expect(exact.hit).toMatchObject({ source: 'exact', distance: 0 });
      expect(exact.hit?.message.text).toBe(answer.text);
      expect(exact.hit?.message.response_metadata.origin).toEqual({ answerMs: 900, passages: [] });

      const paraphrase = await caches.lookup('Can you explain what a semantic cache is?', scope);
      expect(paraphrase.hit?.source).toBe('semantic');
      expect(paraphrase.hit?.distance).toBeGreaterThan(0);
      expect(paraphrase.hit?.distance).toBeLessThan(0.2);
      expect(paraphrase.nearestDistance).toBe(paraphrase.hit?.distance);

      const otherFilter = JSON.stringify({ model: 'stand-in', corpus: 'v1', filter: 'llm-cache' });
      expect((await caches.lookup('What is a semantic cache?', otherFilter)).hit).toBeNull();
      const unrelated = await caches.lookup('How do I list the chat sessions?', scope);
      expect(unrelated.hit).toBeNull();
      // Nothing lay within the threshold: no distance to show (the lookup searched no further).
      expect(unrelated.nearestDistance).toBeNull();

      expect(caches.stats()).toEqual({
        exact: { hits: 1, misses: 4 },
        semantic: { hits: 1, misses: 3, refused: 0 },
      });
      expect(failures).toEqual([]);
    },
  );

  test('fails open: without Redis every lookup is a miss and updates are skipped', async () => {
    const offline = createClient({ url: 'redis://127.0.0.1:1', disableOfflineQueue: true });
    offline.on('error', () => {});
    const { caches, failures } = createCaches(offline, 'nowhere');
    await caches.update('What is a semantic cache?', scope, answer);
    expect(await caches.lookup('What is a semantic cache?', scope)).toEqual({
      hit: null,
      nearestDistance: null,
    });
    expect(failures.length).toBeGreaterThan(0);
  });
});
