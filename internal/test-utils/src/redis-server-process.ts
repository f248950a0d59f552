import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file's own location. */
export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where `scripts/get-redis.sh` puts the project-local Redis 8. */
export const LOCAL_REDIS_SERVER = join(REPOSITORY_ROOT, '.cache/redis/bin/redis-server');

/** The version a `redis-server` binary reports, or `undefined` if it does not run. */
export function redisServerVersion(binary: string): string | undefined {
  try {
    const output = execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 });
    return /v=(\d+\.\d+\.\d+)/.exec(output)?.[1];
  } catch {
    return undefined;
  }
}

function onPath(name: string): string | undefined {
  for (const directory of (process.env.PATH ?? '').split(':')) {
    const candidate = join(directory, name);
    if (directory && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The newest `redis-server` we can run: `$REDIS_SERVER`, the project-local Redis 8, then one
 * on the `PATH`.
 */
export function findRedisServer(): { binary: string; version: string } | undefined {
  const candidates = [process.env.REDIS_SERVER, LOCAL_REDIS_SERVER, onPath('redis-server')];
  for (const binary of candidates) {
    if (!binary || !existsSync(binary)) continue;
    const version = redisServerVersion(binary);
    if (version) return { binary, version };
  }
  return undefined;
}

/** A Redis 7 server binary (`$REDIS7_SERVER`, else Debian's `/usr/bin/redis-server` if 7.x). */
export function findRedis7Server(): { binary: string; version: string } | undefined {
  for (const binary of [process.env.REDIS7_SERVER, '/usr/bin/redis-server']) {
    if (!binary || !existsSync(binary)) continue;
    const version = redisServerVersion(binary);
    if (version?.startsWith('7.')) return { binary, version };
  }
  return undefined;
}

/**
 * `$REDIS_SERVER_ARGS`, split on white space: arguments every default-spawned server gets, such
 * as `--loadmodule /path/to/redisearch.so` for a hand-built Query Engine.
 */
export function serverArgsFromEnvironment(): string[] {
  return (process.env.REDIS_SERVER_ARGS ?? '').split(/\s+/).filter((arg) => arg.length > 0);
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address) resolvePort(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** Resolves once the server at `port` answers PING with PONG (not LOADING), or rejects. */
export async function waitForPong(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const answered = await new Promise<boolean>((resolveAnswer) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      const done = (result: boolean) => {
        socket.destroy();
        resolveAnswer(result);
      };
      socket.setTimeout(500, () => done(false));
      socket.on('error', () => done(false));
      socket.on('connect', () => socket.write('PING\r\n'));
      socket.on('data', (data) => done(data.toString().startsWith('+PONG')));
    });
    if (answered) return;
    await new Promise((wait) => setTimeout(wait, 50));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
}

/** Options of {@link spawnRedisServer}. */
export interface SpawnRedisServerOptions {
  /** The `redis-server` binary. @default the newest found by {@link findRedisServer} */
  binary?: string;
  /** The port. @default a free one */
  port?: number;
  /** More server arguments, e.g. `['--appendonly', 'yes']`. Persistence is off unless given. */
  args?: readonly string[];
  /**
   * The data directory, kept after {@link RedisServerProcess.stop} (for a server whose data
   * must outlive it, such as the demo's). @default a new temporary directory, removed by stop
   */
  directory?: string;
}

/** A private `redis-server` process that a test controls. */
export interface RedisServerProcess {
  readonly binary: string;
  readonly port: number;
  readonly url: string;
  /** The data directory (kept across {@link restart}; removed by {@link stop} unless it was given). */
  readonly directory: string;
  /** The running process. */
  readonly process: ChildProcess;
  /** Kills the server with SIGKILL, as a crash would, and waits for it to exit. */
  kill(): Promise<void>;
  /** Suspends the server (SIGSTOP): the socket stays open and nothing answers. */
  pause(): void;
  /** Resumes a paused server (SIGCONT). */
  resume(): void;
  /** Starts the server again on the same port and data directory, after {@link kill}. */
  restart(): Promise<void>;
  /** Stops the server and removes its data directory. */
  stop(): Promise<void>;
  /** The last `lines` lines of the server's log (warnings and crash reports), or `''`. */
  logTail(lines?: number): string;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  // The process is unref'd so a forgotten server never keeps a run alive; while we wait for
  // it, it must keep the event loop alive, or a top-level await here would never settle.
  child.ref();
  return new Promise((done) => child.once('exit', () => done()));
}

/** Spawns a private `redis-server` on a loopback port, with its data thrown away at the end. */
export async function spawnRedisServer(
  options: SpawnRedisServerOptions = {},
): Promise<RedisServerProcess> {
  const binary = options.binary ?? findRedisServer()?.binary;
  if (!binary) throw new Error(noServerMessage());
  // A server found by default gets the run's own extra arguments (e.g. the module that gives it
  // the Query Engine), so that servers a test spawns offer what the run's server offers; a
  // binary chosen by the test (Redis 7 for comparison) gets exactly what it asks for.
  const runArgs = options.binary === undefined ? serverArgsFromEnvironment() : [];
  let port = options.port ?? (await freePort());
  const keepDirectory = options.directory !== undefined;
  if (options.directory !== undefined) mkdirSync(options.directory, { recursive: true });
  const directory = options.directory ?? mkdtempSync(join(tmpdir(), 'x-redis-'));
  const logFile = join(directory, 'redis-server.log');
  const args = () => [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    directory,
    '--daemonize',
    'no',
    // A file, not stdout: a crash report or a warning stays readable (see `logTail`).
    '--logfile',
    logFile,
    '--loglevel',
    'warning',
    ...runArgs,
    ...(options.args ?? []),
  ];
  const start = async () => {
    const child = spawn(binary, args(), { stdio: ['ignore', 'ignore', 'inherit'] });
    child.unref();
    // A server that exits before answering (its port taken meanwhile) fails at once.
    const exitedEarly = new Promise<never>((_, reject) => {
      child.once('exit', (code, signal) =>
        reject(
          new Error(
            `redis-server on port ${port} exited (${code ?? signal}) before answering PING`,
          ),
        ),
      );
    });
    try {
      await Promise.race([waitForPong(port), exitedEarly]);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    exitedEarly.catch(() => {});
    return child;
  };
  // A free port can be taken by another process between our probe and the server's bind:
  // try another one then, unless the caller chose the port.
  const first = async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await start();
      } catch (error) {
        if (options.port !== undefined || attempt >= 5) throw error;
        port = await freePort();
      }
    }
  };
  let child = await first();
  const server: RedisServerProcess = {
    binary,
    port,
    url: `redis://127.0.0.1:${port}`,
    directory,
    get process() {
      return child;
    },
    async kill() {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
      await exited(child);
    },
    pause() {
      child.kill('SIGSTOP');
    },
    resume() {
      child.kill('SIGCONT');
    },
    async restart() {
      await exited(child);
      child = await start();
    },
    async stop() {
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      await exited(child);
      if (!keepDirectory) rmSync(directory, { recursive: true, force: true });
    },
    logTail(lines = 40) {
      try {
        return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      } catch {
        return '';
      }
    },
  };
  return server;
}

/** What to do when no Redis can be found. */
export function noServerMessage(): string {
  return [
    'No Redis server found for the tests. Any one of these works:',
    '  - set REDIS_URL=redis://host:port to use a server you run;',
    '  - run `pnpm redis:get` (Debian/Ubuntu x86_64) to put a Redis 8 into .cache/redis;',
    '  - install redis-server on the PATH;',
    '  - start Docker, so the tests can run the docker-compose image through Testcontainers.',
  ].join('\n');
}
