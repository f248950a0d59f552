import { readFileSync } from 'node:fs';
import { CacheBackedEmbeddings } from '@langchain/classic/embeddings/cache_backed';
import { ParentDocumentRetriever } from '@langchain/classic/retrievers/parent_document';
import { MemoryVectorStore } from '@langchain/classic/vectorstores/memory';
import { Document } from '@langchain/core/documents';
import { Embeddings } from '@langchain/core/embeddings';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { redisTest, withAclUser } from '@x/test-utils';
import { describe, expect } from 'vitest';
import { InvalidArgumentError, InvalidKeyError } from '../errors.js';
import { RedisByteStore } from './redis-byte-store.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (value: Uint8Array | undefined) =>
  value === undefined ? undefined : new TextDecoder().decode(value);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Word-count vectors over a tiny vocabulary, counting its calls: a model that needs no network. */
class CountingEmbeddings extends Embeddings {
  documents = 0;
  static readonly WORDS = ['redis', 'cache', 'vector', 'pasta', 'flour', 'memory', 'fast'];
  constructor() {
    super({});
  }
  #vector(input: string): number[] {
    const words = input.toLowerCase().split(/\W+/);
    return CountingEmbeddings.WORDS.map((word) => words.filter((w) => w === word).length + 0.01);
  }
  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.documents += texts.length;
    return texts.map((input) => this.#vector(input));
  }
  async embedQuery(input: string): Promise<number[]> {
    return this.#vector(input);
  }
}

describe('RedisByteStore', () => {
  redisTest(
    'keeps bytes as they are, in order, with undefined for a missing key',
    async ({ redis }) => {
      const store = new RedisByteStore({ client: redis.client, prefix: redis.prefix });
      const binary = new Uint8Array([0, 255, 10, 13, 0, 128]);
      const large = new Uint8Array(256 * 1024).map((_, index) => index % 251);
      await store.mset([
        ['text', bytes('héllo wörld')],
        ['binary', binary],
        ['large', large],
        ['empty', new Uint8Array()],
      ]);
      const [first, missing, second, third, fourth] = await store.mget([
        'text',
        'nope',
        'binary',
        'large',
        'empty',
      ]);
      expect(text(first)).toBe('héllo wörld');
      expect(missing).toBeUndefined();
      expect(second).toEqual(binary);
      expect(third).toEqual(large);
      expect(fourth).toEqual(new Uint8Array());
      await store.mdelete(['text', 'nope']);
      expect(await store.mget(['text', 'binary'])).toEqual([undefined, binary]);
    },
  );

  redisTest(
    'writes a thousand entries in one batch, and lists keys by a literal prefix',
    async ({ redis }) => {
      const store = new RedisByteStore({ client: redis.client, prefix: redis.prefix });
      const other = new RedisByteStore({ client: redis.client, prefix: `${redis.prefix}:other` });
      const pairs = Array.from({ length: 1000 }, (_, index): [string, Uint8Array] => [
        `doc:${index}`,
        bytes(String(index)),
      ]);
      await store.mset(pairs);
      await store.mset([
        ['a*b', bytes('star')],
        ['a?', bytes('question')],
        ['[x]', bytes('brackets')],
        ['aXb', bytes('plain')],
        ['ünï', bytes('unicode')],
      ]);
      await other.mset([['doc:other', bytes('not mine')]]);
      const all = [];
      for await (const key of store.yieldKeys()) all.push(key);
      expect(all).toHaveLength(1005);
      const listed = async (prefix: string) => {
        const keys = [];
        for await (const key of store.yieldKeys(prefix)) keys.push(key);
        return keys.sort();
      };
      expect(await listed('a*')).toEqual(['a*b']);
      expect(await listed('a?')).toEqual(['a?']);
      expect(await listed('[x')).toEqual(['[x]']);
      expect(await listed('ün')).toEqual(['ünï']);
      expect(await listed('doc:99')).toEqual([
        'doc:99',
        'doc:990',
        'doc:991',
        'doc:992',
        'doc:993',
        'doc:994',
        'doc:995',
        'doc:996',
        'doc:997',
        'doc:998',
        'doc:999',
      ]);
      expect((await store.mget(['doc:999']))[0]).toEqual(bytes('999'));
    },
  );

  redisTest('values expire after the ttl', async ({ redis }) => {
    const store = new RedisByteStore({ client: redis.client, prefix: redis.prefix, ttl: 0.3 });
    await store.mset([['k', bytes('v')]]);
    expect(text((await store.mget(['k']))[0])).toBe('v');
    await sleep(450);
    expect(await store.mget(['k'])).toEqual([undefined]);
  });

  redisTest('refuses bad input before writing anything', async ({ redis }) => {
    const store = new RedisByteStore({ client: redis.client, prefix: redis.prefix });
    await expect(
      store.mset([
        ['fine', bytes('x')],
        ['bad', 'not bytes' as unknown as Uint8Array],
      ]),
    ).rejects.toThrow(InvalidArgumentError);
    expect(await store.mget(['fine'])).toEqual([undefined]);
    await expect(store.mset([['', bytes('x')]])).rejects.toThrow(InvalidKeyError);
    await expect(store.mget([1 as unknown as string])).rejects.toThrow(InvalidArgumentError);
    expect(() => new RedisByteStore({ client: redis.client, ttl: -1 })).toThrow(
      InvalidArgumentError,
    );
  });

  redisTest(
    'serves CacheBackedEmbeddings: a text is embedded once, across instances',
    async ({ redis }) => {
      const underlying = new CountingEmbeddings();
      const cached = () =>
        CacheBackedEmbeddings.fromBytesStore(
          underlying,
          new RedisByteStore({ client: redis.client, prefix: redis.prefix }),
          { namespace: 'counting-v1' },
        );
      const texts = ['Redis is a fast cache', 'Fresh pasta needs flour'];
      const first = await cached().embedDocuments(texts);
      const again = await cached().embedDocuments([...texts, 'vector memory']);
      expect(underlying.documents).toBe(3);
      expect(again.slice(0, 2)).toEqual(first);
    },
  );

  redisTest(
    'serves ParentDocumentRetriever as its byte store of parent documents',
    async ({ redis }) => {
      const embeddings = new CountingEmbeddings();
      const retriever = new ParentDocumentRetriever({
        vectorstore: new MemoryVectorStore(embeddings),
        byteStore: new RedisByteStore({ client: redis.client, prefix: redis.prefix }),
        childSplitter: new RecursiveCharacterTextSplitter({ chunkSize: 40, chunkOverlap: 0 }),
        childK: 4,
        parentK: 1,
      });
      const redisText =
        'Redis keeps data in memory. A cache in Redis answers fast. Vector search runs there too.';
      const pastaText =
        'Fresh pasta needs flour and eggs. Knead the flour for ten minutes, then rest.';
      await retriever.addDocuments([
        new Document({ pageContent: redisText, metadata: { topic: 'redis' } }),
        new Document({ pageContent: pastaText, metadata: { topic: 'pasta' } }),
      ]);
      const [parent] = await retriever.invoke('flour for pasta');
      expect(parent?.pageContent).toBe(pastaText);
      expect(parent?.metadata).toMatchObject({ topic: 'pasta' });
      // The parents live in Redis, under the store's prefix.
      const keys = await redis.client.keys(`${redis.prefix}:kv:*`);
      expect(keys).toHaveLength(2);
    },
  );

  redisTest('works for a user allowed only what the README lists', async ({ redis }) => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const rule = /^- ACL: (.+) on `~<prefix>:\*`\.$/m.exec(readme)?.[1];
    expect(rule).toBeDefined();
    const commands = (rule ?? '').replaceAll('`', '').split(' ');
    await withAclUser(redis, [`~${redis.prefix}:*`, ...commands], async (client) => {
      const store = new RedisByteStore({ client, prefix: redis.prefix, ttl: 60 });
      await store.mset([['k', bytes('v')]]);
      expect(text((await store.mget(['k']))[0])).toBe('v');
      const keys = [];
      for await (const key of store.yieldKeys()) keys.push(key);
      expect(keys).toEqual(['k']);
      await store.mdelete(['k']);
      expect(await store.mget(['k'])).toEqual([undefined]);
    });
  });
});
