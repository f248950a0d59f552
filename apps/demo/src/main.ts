import { readConfig } from './config.js';
import { startDemo } from './demo-app.js';
import { findRedis } from './find-redis.js';

// `pnpm demo`: finds a Redis (starting one if needed), serves the page, and on Ctrl-C stops
// everything it started.
const config = readConfig();
const redis = await findRedis().catch((error: unknown) => {
  console.error(`The demo could not start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
console.log(`Redis at ${redis.url} (${redis.source})`);
let demo: Awaited<ReturnType<typeof startDemo>> | undefined;
try {
  demo = await startDemo({ config, redisUrl: redis.url, redisSource: redis.source });
} catch (error) {
  console.error(`The demo could not start: ${error instanceof Error ? error.message : error}`);
  await redis.stop();
  process.exit(1);
}
console.log(`\nDemo ready: open ${demo.url}  (Ctrl-C stops it)\n`);

let stopping = false;
async function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the demo...`);
  await demo?.close();
  await redis.stop();
  console.log('Stopped.');
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, (received) => void stop(received));
}
