import { AIMessage, type BaseMessage, HumanMessage } from '@langchain/core/messages';
import {
  InvalidArgumentError,
  InvalidKeyError,
  RedisChatMessageHistory,
  RedisChatSessions,
} from '@x/chat-history';
import fc from 'fast-check';
import { createClient } from 'redis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectSameMessages } from '../contracts/index.js';
import { recordFigures } from '../figures.js';
import { describeSpawned } from '../spawned-redis.js';
import {
  hostileNonEmptyString,
  hostileString,
  oneMegabyteString,
  PROPERTY_RUNS,
  SEED,
} from './corpus.js';
import { GuardedServer, Tally } from './guarded-server.js';

const VALID_PREFIX = /^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)*$/;

const conversation = (texts: readonly string[]): BaseMessage[] =>
  texts.map((text, index) => (index % 2 ? new AIMessage(text) : new HumanMessage(text)));

describeSpawned('chat-history with hostile input', () => {
  let guarded: GuardedServer;
  let client: ReturnType<typeof createClient>;
  const tally = new Tally();

  beforeAll(async () => {
    guarded = await GuardedServer.start('chat');
    // Neighbour histories inside the prefix: a longer prefix, and the same ids under it.
    for (const prefix of ['chat:session', 'chat:neighbour']) {
      const neighbour = new RedisChatMessageHistory({
        client: guarded.admin,
        prefix,
        sessionId: '*',
      });
      await neighbour.addMessages(conversation(['neighbour', 'data']));
    }
    await guarded.seal();
    client = createClient({ url: guarded.url });
    client.on('error', () => {});
    await client.connect();
  });

  afterAll(async () => {
    await client?.close();
    await guarded?.stop();
  });

  it('any session id and any message text: the messages come back exactly, or InvalidKeyError', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileString(),
        fc.array(hostileString(60), { minLength: 1, maxLength: 4 }),
        async (sessionId, texts) => {
          let history: RedisChatMessageHistory;
          try {
            history = new RedisChatMessageHistory({ client, sessionId, ttl: 60, maxMessages: 3 });
          } catch (error) {
            tally.refused(error, [InvalidKeyError]);
            // Only what the key schema documents: empty ids and lone surrogates.
            expect(sessionId === '' || !sessionId.isWellFormed()).toBe(true);
            return;
          }
          tally.ok();
          await history.clear();
          const messages = conversation(texts);
          await history.addMessages(messages);
          expectSameMessages(await history.getMessages(), messages.slice(-3));
          expectSameMessages(await history.getLastMessages(1), messages.slice(-1));
          await history.clear();
          expect(await history.getMessages()).toEqual([]);
          for (let call = 0; call < 5; call++) tally.ok();
        },
      ),
      PROPERTY_RUNS,
    );
  });

  it('any session ids: listed exactly once each, and deleted without touching another prefix', async () => {
    const sessions = new RedisChatSessions({ client });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(
          hostileNonEmptyString().filter((id) => id.isWellFormed()),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        async (ids) => {
          for (const sessionId of ids) {
            await new RedisChatMessageHistory({ client, sessionId }).addUserMessage(sessionId);
          }
          const listed: string[] = [];
          for await (const sessionId of sessions.list()) listed.push(sessionId);
          expect(listed.sort()).toEqual([...ids].sort());
          expect(await sessions.delete(ids[0] as string)).toBe(true);
          expect(await sessions.deleteAll()).toBe(ids.length - 1);
          for (let call = 0; call < ids.length + 3; call++) tally.ok();
        },
      ),
      { ...PROPERTY_RUNS, numRuns: 30 },
    );
  });

  it('any prefix: accepted exactly when it is segments of letters, digits, _ . -', () => {
    fc.assert(
      fc.property(hostileString(), (prefix) => {
        try {
          new RedisChatMessageHistory({ client, prefix, sessionId: 's' });
          expect(VALID_PREFIX.test(prefix) && prefix.length <= 128).toBe(true);
          tally.ok();
        } catch (error) {
          tally.refused(error, [InvalidKeyError]);
          expect(VALID_PREFIX.test(prefix) && prefix.length <= 128).toBe(false);
        }
      }),
      { ...PROPERTY_RUNS, numRuns: 200 },
    );
  });

  it('1 MB messages round-trip, a 1 MB session id and things that are not messages are refused', async () => {
    const history = new RedisChatMessageHistory({
      client,
      sessionId: oneMegabyteString('id').slice(0, 100),
    });
    const large = conversation([oneMegabyteString('human'), oneMegabyteString('ai')]);
    await history.addMessages(large);
    expectSameMessages(await history.getMessages(), large);
    await history.clear();
    tally.ok();
    tally.ok();
    try {
      new RedisChatMessageHistory({ client, sessionId: oneMegabyteString('id') });
      expect.unreachable('a 1 MB session id makes a key past 1024 characters');
    } catch (error) {
      tally.refused(error, [InvalidKeyError]);
    }
    for (const notMessages of [[{ content: 'hi' }], [null], 'hi', [new HumanMessage('ok'), 42]]) {
      await expect(history.addMessages(notMessages as BaseMessage[])).rejects.toSatisfy((error) => {
        tally.refused(error, [InvalidArgumentError]);
        return true;
      });
    }
    expect(await history.getMessages()).toEqual([]);
  });

  it('touched nothing outside its prefix: neighbours unchanged, nothing read outside it (ACL LOG), no KEYS or FLUSH', async () => {
    const trespasses = await guarded.trespasses();
    const touched =
      trespasses.neighbours.changed.length +
      trespasses.neighbours.removed.length +
      trespasses.outside.length;
    recordFigures('hostile input', 'chat-history', {
      ...tally.figures(),
      lost: touched,
      detail: `session ids, prefixes and message texts from the hostile corpus (fast-check seed ${SEED}), 1 MB messages; neighbour keys outside the prefix and histories of longer prefixes untouched (${touched} changed); ACL LOG of the prefix-only user: ${trespasses.refusals.length} refusals; KEYS/FLUSH*: ${trespasses.forbidden.length}`,
    });
    expect(trespasses).toEqual({
      neighbours: { added: [], changed: [], removed: [] },
      outside: [],
      refusals: [],
      forbidden: [],
    });
  });
});
