import {
  AIMessage,
  type BaseMessage,
  HumanMessage,
  mapChatMessagesToStoredMessages,
  mapStoredMessagesToChatMessages,
} from '@langchain/core/messages';
import { RedisChatMessageHistory as LangChainHistory } from '@langchain/redis';
import { RedisChatMessageHistory } from '@x/chat-history';
import { createClient } from 'redis';
import { type BenchCase, type BenchGroup, type BenchSuite, inFlightCase } from '../harness.js';

/** Sessions each case spreads its writes over. */
const SESSIONS = 64;
/** Calls in flight: a busy app server, not a single user. */
const CONCURRENCY = 16;
/** The issue's targets, as throughput ratios: ≤ 1.3× the time is ≥ 1/1.3 of the ops/s. */
const WRITE_TARGET = Math.round((1 / 1.3) * 100) / 100;
const READ_TARGET = Math.round((1 / 1.1) * 100) / 100;
const STRINGIFY_CASE = 'raw JSON.stringify of the stored forms (built beforehand) + RPUSH';

/** A chat turn as apps store it: a question, and an answer with the metadata models return. */
function conversation(length: number): BaseMessage[] {
  return Array.from({ length }, (_, index) =>
    index % 2 === 0
      ? new HumanMessage(`Question ${index}: what should I pack for three days in Lisbon in May?`)
      : new AIMessage({
          content: `Answer ${index}: light layers, a rain jacket, comfortable shoes for the hills, and sunscreen.`,
          id: `run-${index}`,
          response_metadata: { model_name: 'gpt-4o-mini', finish_reason: 'stop' },
          usage_metadata: { input_tokens: 42, output_tokens: 24, total_tokens: 66 },
        }),
  );
}

const serialize = (messages: BaseMessage[]) =>
  mapChatMessagesToStoredMessages(messages).map((stored) => JSON.stringify(stored));

/** One history object per session of a case, used round robin. */
function roundRobin<T>(create: (session: number) => T): (index: number) => T {
  const items = Array.from({ length: SESSIONS }, (_, session) => create(session));
  return (index) => items[index % SESSIONS] as T;
}

/** Writes and reads of RedisChatMessageHistory, against raw node-redis and @langchain/redis. */
export const chatHistorySuite: BenchSuite = {
  name: 'chat history',
  async setup({ url, quick, prefix }) {
    const client = createClient({ url });
    await client.connect();
    // @langchain/redis bundles node-redis v4: it gets its own client from this config.
    const langChainConfig = { url };
    const langChainClients = new Set<{ quit(): Promise<unknown> }>();
    const langChain = (sessionId: string, sessionTTL?: number) => {
      const history = new LangChainHistory({
        sessionId,
        config: langChainConfig,
        ...(sessionTTL ? { sessionTTL } : {}),
      });
      langChainClients.add(history.client);
      return history;
    };
    const ours = (sessionId: string, options: { ttl?: number; maxMessages?: number } = {}) =>
      new RedisChatMessageHistory({ sessionId, client, prefix: `${prefix}:ours`, ...options });

    // Its lazy connect races when several calls start at once ("Socket already opened").
    await langChain(`${prefix}:lc:connect`).ensureReadiness();

    const batch = conversation(10);
    const batchValues = serialize(batch);
    const storedForms = mapChatMessagesToStoredMessages(batch);
    const writes = quick ? 300 : 5_000;
    const write = (
      name: string,
      kind: BenchCase['kind'],
      task: (index: number) => Promise<unknown>,
    ) => inFlightCase(name, kind, writes, CONCURRENCY, task);
    const rawKey = (index: number) => `${prefix}:raw:${index % SESSIONS}`;
    const oursPlain = roundRobin((session) => ours(`w${session}`));
    const oursLimited = roundRobin((session) =>
      ours(`l${session}`, { ttl: 3600, maxMessages: 100_000 }),
    );
    const langChainPlain = roundRobin((session) => langChain(`${prefix}:lc:w${session}`));
    const langChainTtl = roundRobin((session) => langChain(`${prefix}:lc:t${session}`, 3600));

    const writeGroup: BenchGroup = {
      name: `addMessages(10), ${CONCURRENCY} in flight; target ours ≥ ${WRITE_TARGET}× raw RPUSH ops/s (≤ 1.3× its time)`,
      short: 'chat: addMessages(10)',
      baseline: 'raw RPUSH of 10 pre-serialized values',
      cases: [
        write('raw RPUSH of 10 pre-serialized values', 'raw', (index) =>
          client.rPush(rawKey(index), batchValues),
        ),
        write('raw MULTI RPUSH + LTRIM + PEXPIRE, pre-serialized', 'raw', (index) =>
          client
            .multi()
            .rPush(rawKey(index), batchValues)
            .lTrim(rawKey(index), -100_000, -1)
            .pExpire(rawKey(index), 3_600_000)
            .exec(),
        ),
        // The least any implementation must do: JSON text of the stored form, then RPUSH.
        write(STRINGIFY_CASE, 'raw', (index) =>
          client.rPush(
            rawKey(index),
            storedForms.map((stored) => JSON.stringify(stored)),
          ),
        ),
        // What any client must pay with LangChain's public API: serialize, then RPUSH.
        write('raw serialize (toDict + JSON.stringify) + RPUSH', 'raw', (index) =>
          client.rPush(rawKey(index), serialize(batch)),
        ),
        write('ours: addMessages(10)', 'ours', (index) => oursPlain(index).addMessages(batch)),
        write('ours: addMessages(10), ttl + maxMessages', 'ours', (index) =>
          oursLimited(index).addMessages(batch),
        ),
        write('@langchain/redis: addMessages(10)', 'langchain', (index) =>
          langChainPlain(index).addMessages(batch),
        ),
        write('@langchain/redis: addMessages(10), sessionTTL', 'langchain', (index) =>
          langChainTtl(index).addMessages(batch),
        ),
      ],
      targets: [
        {
          case: 'ours: addMessages(10)',
          min: WRITE_TARGET,
          label: 'chat addMessages(10) ≤ 1.3× one RPUSH (16 in flight: CPU-bound)',
          limit: (ratio) =>
            `the baseline skips serialization, which is client CPU: only JSON.stringify of the messages' stored form (built beforehand) + RPUSH already runs at ${ratio(STRINGIFY_CASE).toFixed(2)}×, and LangChain's own serialization + RPUSH at ${ratio('raw serialize (toDict + JSON.stringify) + RPUSH').toFixed(2)}×.`,
        },
        {
          case: 'ours: addMessages(10), ttl + maxMessages',
          min: WRITE_TARGET,
          label: 'chat addMessages(10) ≤ 1.3× one RPUSH (16 in flight, with ttl and maxMessages)',
          limit: (ratio) =>
            `the same serialization, and LTRIM + PEXPIRE in the same MULTI: the raw MULTI alone, pre-serialized, runs at ${ratio('raw MULTI RPUSH + LTRIM + PEXPIRE, pre-serialized').toFixed(2)}×.`,
        },
      ],
    };

    // The same writes one at a time: the time of one call, where the round trip dominates.
    const sequential = quick ? 200 : 2_000;
    const oneAtATime = (
      name: string,
      kind: BenchCase['kind'],
      task: (index: number) => Promise<unknown>,
    ) => inFlightCase(name, kind, sequential, 1, task);
    const latencyBaseline = 'raw RPUSH of 10 pre-serialized values, one at a time';
    const latencyGroup: BenchGroup = {
      name: `addMessages(10), one call at a time (latency = 1000 / ops/s ms); target ours ≥ ${WRITE_TARGET}× raw RPUSH ops/s (≤ 1.3× its time)`,
      short: 'chat: addMessages(10), one at a time',
      baseline: latencyBaseline,
      cases: [
        oneAtATime(latencyBaseline, 'raw', (index) => client.rPush(rawKey(index), batchValues)),
        oneAtATime(`${STRINGIFY_CASE}, one at a time`, 'raw', (index) =>
          client.rPush(
            rawKey(index),
            storedForms.map((stored) => JSON.stringify(stored)),
          ),
        ),
        oneAtATime('ours: addMessages(10), one at a time', 'ours', (index) =>
          oursPlain(index).addMessages(batch),
        ),
        oneAtATime('ours: addMessages(10), ttl + maxMessages, one at a time', 'ours', (index) =>
          oursLimited(index).addMessages(batch),
        ),
        oneAtATime('@langchain/redis: addMessages(10), one at a time', 'langchain', (index) =>
          langChainPlain(index).addMessages(batch),
        ),
      ],
      targets: [
        {
          case: 'ours: addMessages(10), one at a time',
          min: WRITE_TARGET,
          label: 'chat addMessages(10) ≤ 1.3× one RPUSH (one call at a time)',
          limit: (ratio) =>
            `serializing the 10 messages: only JSON.stringify of their stored form + RPUSH runs at ${ratio(`${STRINGIFY_CASE}, one at a time`).toFixed(2)}× one at a time.`,
        },
      ],
    };

    const readGroups: BenchGroup[] = [];
    for (const length of [10, 100, 1_000]) {
      const messages = conversation(length);
      const values = serialize(messages);
      const rawKeyOfLength = `${prefix}:raw:read${length}`;
      const history = ours(`read${length}`);
      const langChainHistory = langChain(`${prefix}:lc:read${length}`);
      await client.rPush(rawKeyOfLength, values);
      await history.addMessages(messages);
      // @langchain/redis pushes on the left and reverses on read: same entries, mirrored.
      await client.lPush(`${prefix}:lc:read${length}`, values);
      const reads = Math.max(20, Math.round((quick ? 4_000 : 100_000) / length));
      const read = (name: string, kind: BenchCase['kind'], task: () => Promise<unknown>) =>
        inFlightCase(name, kind, reads, CONCURRENCY, task);
      const baseline = 'raw LRANGE + JSON.parse + mapStoredMessagesToChatMessages';
      const again = `${baseline}, measured again`;
      const rawRead = async () =>
        mapStoredMessagesToChatMessages(
          (await client.lRange(rawKeyOfLength, 0, -1)).map((entry) => JSON.parse(entry)),
        );
      readGroups.push({
        name: `getMessages of ${length} messages, ${CONCURRENCY} in flight; target ours ≥ ${READ_TARGET}× raw ops/s (≤ 1.1× its time)`,
        short: `chat: getMessages of ${length}`,
        baseline,
        cases: [
          read(baseline, 'raw', rawRead),
          read('ours: getMessages', 'ours', () => history.getMessages()),
          read('@langchain/redis: getMessages', 'langchain', () => langChainHistory.getMessages()),
          // The baseline again: how far apart two measurements of the very same work fall here.
          read(again, 'raw', rawRead),
        ],
        targets: [
          {
            case: 'ours: getMessages',
            min: READ_TARGET,
            label: `chat getMessages (${length} messages) ≤ 1.1× raw LRANGE + parse + map`,
            limit: (ratio) =>
              `ours sends the same LRANGE and rebuilds the same messages (checking each stored entry); the baseline measured a second time in the same group runs at ${ratio(again).toFixed(2)}× of itself, the spread of this measurement on this machine`,
          },
        ],
      });
    }

    return {
      groups: [writeGroup, latencyGroup, ...readGroups],
      teardown: async () => {
        await Promise.all([...langChainClients].map((langChainClient) => langChainClient.quit()));
        await client.close();
      },
    };
  },
};
