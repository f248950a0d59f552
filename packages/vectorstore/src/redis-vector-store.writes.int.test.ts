import { Document } from '@langchain/core/documents';
import { createTestClient, describeWith, redisTest } from '@x/test-utils';
import { expect } from 'vitest';
import { ENGINES, HashedEmbeddings, testStore } from '../test/test-helpers.js';

/** Counts, by command name, what the server executes on keys under `prefix` while `work` runs. */
async function commandsDuring(
  url: string,
  prefix: string,
  work: () => Promise<void>,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const marker = `${prefix}-end-of-work`;
  let sawMarker: () => void = () => {};
  const markerSeen = new Promise<void>((resolve) => {
    sawMarker = resolve;
  });
  const monitor = createTestClient(url);
  await monitor.connect();
  await monitor.monitor((line: string) => {
    if (line.includes(marker)) sawMarker();
    const command = /\] "([A-Za-z.]+)" "([^"]*)/.exec(line);
    if (command?.[2]?.startsWith(prefix)) {
      const name = (command[1] as string).toUpperCase();
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  });
  try {
    await work();
    const echo = createTestClient(url);
    await echo.connect();
    await echo.sendCommand(['ECHO', marker]);
    await echo.close();
    await markerSeen;
  } finally {
    monitor.destroy();
  }
  return counts;
}

for (const engine of ENGINES) {
  describeWith(engine, `RedisVectorStore writes (${engine})`, () => {
    redisTest('writes each document once, whatever the number of chunks', async ({ redis }) => {
      const embeddings = new HashedEmbeddings(32);
      const store = testStore(redis, engine, embeddings, {
        embeddingBatchSize: 500,
        chunkSize: 400,
      });
      const documents = Array.from(
        { length: 1_200 },
        (_, index) => new Document({ pageContent: `document number ${index}` }),
      );
      let ids: string[] = [];
      const counts = await commandsDuring(redis.url, redis.prefix, async () => {
        ids = await store.addDocuments(documents);
      });
      expect(new Set(ids).size).toBe(1_200);
      expect(embeddings.documentCalls).toEqual([500, 500, 200]);
      expect(counts.get('HSET')).toBe(1_200);
      if (engine === 'vector-set') expect(counts.get('VADD')).toBe(1_200);
      expect((await store.info()).documents).toBe(1_200);
    });
  });
}
