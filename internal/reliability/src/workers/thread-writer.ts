// One process of the "two processes writing one thread" scenario: it writes `steps`
// checkpoints to one thread as a graph would (read the newest, write its child with a new
// version of the channel it changed, then the task's pending write), and prints what Redis
// acknowledged, one JSON line.
//   node --import tsx thread-writer.ts <url> <prefix> <thread> <writer> <steps>
import { emptyCheckpoint, maxChannelVersion, uuid6 } from '@langchain/langgraph-checkpoint';
import { RedisSaver } from '@x/langgraph';

const [url = '', prefix = '', thread = '', writer = '', steps = '0'] = process.argv.slice(2);
const saver = new RedisSaver({ url, prefix });
const config = { configurable: { thread_id: thread } };
const acknowledged: { id: string; value: string }[] = [];
try {
  for (let step = 0; step < Number(steps); step++) {
    const head = await saver.getTuple(config);
    const versions = head?.checkpoint.channel_versions ?? {};
    const current = Object.values(versions);
    // This saver's versions are numbers.
    const newest = current.length > 0 ? (maxChannelVersion(...current) as number) : undefined;
    const version = saver.getNextVersion(newest);
    const value = `${writer}:${step}`;
    const checkpoint = emptyCheckpoint();
    checkpoint.id = uuid6(-1);
    checkpoint.channel_values = { value };
    checkpoint.channel_versions = { ...versions, value: version };
    const saved = await saver.put(
      head?.config ?? config,
      checkpoint,
      { source: 'loop', step, parents: {} },
      {
        value: version,
      },
    );
    await saver.putWrites(saved, [['value', `pending ${value}`]], `task ${value}`);
    acknowledged.push({ id: checkpoint.id, value });
  }
} finally {
  await saver.close();
}
console.log(JSON.stringify(acknowledged));
