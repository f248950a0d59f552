import { AIMessageChunk } from '@langchain/core/messages';
import { FakeStreamingChatModel } from '@langchain/core/utils/testing';
import { redisTest } from '@x/test-utils';
import { expect } from 'vitest';
import { atDistance, cacheFor, describeEachEngine, TableEmbeddings } from '../test/test-helpers.js';
import { withStreamingCache } from './index.js';

describeEachEngine('withStreamingCache with the semantic cache', (engine) => {
  redisTest(
    'a streamed question near one streamed before is replayed as chunks',
    async ({ redis }) => {
      const embeddings = new TableEmbeddings({
        'Human: What is the capital of France?': atDistance(0),
        'Human: Capital of France?': atDistance(0.08),
      });
      const cache = cacheFor(redis, engine, { embeddings, verifiers: [] });
      const words = ['Paris ', 'is ', 'the ', 'capital.'].map(
        (content) => new AIMessageChunk(content),
      );
      const first = withStreamingCache(new FakeStreamingChatModel({ chunks: words, cache }));
      for await (const _chunk of await first.stream('What is the capital of France?'));
      const other = withStreamingCache(
        new FakeStreamingChatModel({ chunks: [new AIMessageChunk('no')], cache }),
      );
      const pieces: AIMessageChunk[] = [];
      for await (const chunk of await other.stream('Capital of France?')) pieces.push(chunk);
      expect(pieces.map((piece) => piece.content).join('')).toBe('Paris is the capital.');
      expect(pieces.length).toBeGreaterThan(1);
      expect(pieces[0]?.response_metadata.cache).toEqual({ hit: true });
    },
  );
});
