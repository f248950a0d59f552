import { createClient } from 'redis';
import { type BenchSuite, inFlight } from '../harness.js';

/** Raw node-redis GET and SET: the physical limit every other suite is compared with. */
export const rawSuite: BenchSuite = {
  name: 'raw node-redis',
  async setup({ url, quick, prefix }) {
    const client = createClient({ url });
    await client.connect();
    const operations = quick ? 2_000 : 20_000;
    const value = 'x'.repeat(1024);
    const keys = Array.from({ length: 1000 }, (_, index) => `${prefix}:k${index}`);
    await Promise.all(keys.map((key) => client.set(key, value)));
    const key = (index: number) => keys[index % keys.length] ?? '';
    return {
      groups: [
        {
          name: 'GET and SET, 1 KB values, 64 in flight',
          baseline: 'GET',
          cases: [
            {
              name: 'GET',
              kind: 'raw',
              operations,
              run: () => inFlight(operations, 64, (index) => client.get(key(index))),
            },
            {
              name: 'SET',
              kind: 'raw',
              operations,
              run: () => inFlight(operations, 64, (index) => client.set(key(index), value)),
            },
            {
              name: 'SET EX',
              kind: 'raw',
              operations,
              run: () =>
                inFlight(operations, 64, (index) =>
                  client.set(key(index), value, { expiration: { type: 'EX', value: 60 } }),
                ),
            },
            {
              name: 'GET, one at a time',
              kind: 'raw',
              operations: operations / 10,
              run: () => inFlight(operations / 10, 1, (index) => client.get(key(index))),
            },
          ],
        },
      ],
      teardown: async () => {
        await client.unlink(keys);
        await client.close();
      },
    };
  },
};
