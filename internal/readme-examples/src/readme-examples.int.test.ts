import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPOSITORY_ROOT, spawnRedisServer, testRedis } from '@x/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesOf, type Preamble, programOf } from './programs.js';

/** How long one example may take: the offline sentence model loads in a few seconds. */
const EXAMPLE_TIMEOUT_MS = 30_000;
const HERE = fileURLToPath(new URL('.', import.meta.url));
/** Where the programs are written: inside this package, so that its dependencies resolve. */
const PROGRAMS = join(HERE, '../.examples');

/**
 * The variables each README's shorter examples take from its prose ("given a `store`...").
 * A program declares only those its example uses and does not declare itself.
 */
const PREAMBLES: Record<string, Preamble> = {
  'chat-history': {
    client: {
      declare:
        'const client = await __redis.createClient({ url: process.env.REDIS_URL }).connect();',
      close: 'await client.close();',
    },
  },
  langgraph: {},
  'llm-cache': { url: { declare: 'const url = process.env.REDIS_URL;' } },
  'redis-core': {
    vector: { declare: 'const vector = [0.1, 0.2, 0.3];' },
    query: { declare: 'const query = [0.1, 0.2, 0.25];' },
  },
  'semantic-cache': {
    url: { declare: 'const url = process.env.REDIS_URL;' },
    OpenAIEmbeddings: { declare: 'const { OpenAIEmbeddings } = __openai;' },
    embeddings: { declare: 'const embeddings = new __openai.OpenAIEmbeddings();' },
    texts: { declare: "const texts = ['Redis keeps data in memory', 'Fresh pasta'];" },
  },
  vectorstore: {
    client: {
      declare:
        'const client = await __redis.createClient({ url: process.env.REDIS_URL }).connect();',
      close: 'await client.close();',
    },
    RedisVectorStore: { declare: 'const { RedisVectorStore } = __vectorstore;' },
    OpenAIEmbeddings: { declare: 'const { OpenAIEmbeddings } = __openai;' },
    store: {
      declare: [
        'const store = new __vectorstore.RedisVectorStore(new __openai.OpenAIEmbeddings(), {',
        "  url: process.env.REDIS_URL, indexName: 'docs',",
        "  metadataSchema: [{ name: 'genre', type: 'tag' }, { name: 'year', type: 'numeric' }],",
        '});',
        "await store.addDocuments([{ pageContent: 'Redis keeps data in memory', metadata: { genre: 'tech', year: 2025 } }]);",
      ].join('\n'),
      close: 'await store.close();',
    },
  },
};

/** Runs a program with tsx; resolves to its exit code (or `timeout`) and what it printed. */
function run(file: string, url: string): Promise<{ code: number | string; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: PROGRAMS,
      env: { ...process.env, REDIS_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), EXAMPLE_TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? `killed by ${signal} (still running after ${EXAMPLE_TIMEOUT_MS} ms)`,
        output,
      });
    });
  });
}

for (const name of Object.keys(PREAMBLES)) {
  const readme = join(REPOSITORY_ROOT, 'packages', name, 'README.md');
  const examples = examplesOf(readFileSync(readme, 'utf8'));

  describe(`packages/${name}/README.md`, () => {
    let url: string;
    let stop = async () => {};

    beforeAll(async () => {
      // A server of its own, so that the examples' fixed names meet no other test's keys.
      try {
        const server = await spawnRedisServer();
        url = server.url;
        stop = () => server.stop();
      } catch {
        url = testRedis().url;
      }
    });

    afterAll(() => stop());

    it('has examples', () => {
      expect(examples.length).toBeGreaterThan(0);
    });

    for (const example of examples) {
      it(`example at line ${example.line} runs as written and exits`, {
        timeout: EXAMPLE_TIMEOUT_MS + 5000,
      }, async () => {
        mkdirSync(PROGRAMS, { recursive: true });
        const file = join(PROGRAMS, `${name}-${example.line}.mts`);
        const standIn = join(HERE, 'openai-stand-in.ts');
        writeFileSync(file, programOf(example.code, PREAMBLES[name] ?? {}, { url, standIn }));
        const { code, output } = await run(file, url);
        expect({ code, output }).toEqual({ code: 0, output: expect.any(String) });
      });
    }
  });
}
