import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The demo's directory (where `src/main.ts` runs from). */
export const DEMO_DIRECTORY = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Debian's Chromium, which the end-to-end tests drive (never a downloaded browser). */
export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or `undefined` when they can. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM)
    ? undefined
    : `${CHROMIUM} is missing (install Debian's chromium: apt-get install chromium)`;
}

/** The arguments the tests launch Chromium with: no sandbox (CI containers), no background work. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A demo server started as `pnpm demo` starts it, in a child process. */
export interface DemoProcess {
  readonly url: string;
  readonly port: number;
  /** Everything it printed so far. */
  output(): string;
  /** Sends SIGINT (Ctrl-C) and resolves to the exit code. */
  stop(): Promise<number | null>;
}

/** Options of {@link startDemoProcess}. */
export interface DemoProcessOptions {
  redisUrl: string;
  /** The key prefix, so that the test's keys are its own. */
  prefix: string;
  /** @default a free port */
  port?: number;
  /** Environment variables besides those. */
  env?: Record<string, string>;
  /** How long to wait for the "Demo ready" line, in milliseconds. @default 150000 */
  timeoutMs?: number;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Runs `src/main.ts` with `REDIS_URL` and waits until it prints the page's address. */
export async function startDemoProcess(options: DemoProcessOptions): Promise<DemoProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: DEMO_DIRECTORY,
    env: {
      ...process.env,
      REDIS_URL: options.redisUrl,
      PORT: String(options.port ?? 0),
      DEMO_PREFIX: options.prefix,
      OPENAI_API_KEY: '',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const timeoutMs = options.timeoutMs ?? 150_000;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the demo did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const watch = () => {
      const found = /Demo ready: open (http:\/\/\S+)/.exec(output)?.[1];
      if (!found) return;
      clearTimeout(timer);
      child.stdout?.off('data', watch);
      resolve(found);
    };
    child.stdout?.on('data', watch);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited with code ${code} before it was ready:\n${output}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    output: () => output,
    async stop() {
      child.kill('SIGINT');
      return exited(child);
    },
  };
}

/** A TCP proxy in front of a real Redis, whose network the tests can cut and restore. */
export interface RedisProxy {
  /** The URL to give the demo instead of the server's own. */
  readonly url: string;
  /** Refuses new connections and drops open ones, as when the server goes away. */
  cut(): Promise<void>;
  /** Accepts connections again, on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a {@link RedisProxy} to `redisUrl` on a free loopback port. */
export async function startRedisProxy(redisUrl: string): Promise<RedisProxy> {
  const target = new URL(redisUrl);
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
    track(client);
    track(upstream);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const { port } = server.address() as AddressInfo;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  const url = new URL(redisUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString().replace(/\/$/, ''),
    cut: stop,
    restore: () => listen(port),
    close: async () => {
      if (server.listening) await stop();
    },
  };
}
