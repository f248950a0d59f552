import type { ConnectionOptions } from '@x/redis-core';
import { spawnTlsRedisServer, type TlsRedisServerProcess } from '@x/test-utils';
import { createClient } from 'redis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  chatHistoryContract,
  exactCacheContract,
  semanticCacheContract,
  vectorStoreContract,
} from './contracts/index.js';
import { recordFigures } from './figures.js';
import { describeSpawned } from './spawned-redis.js';

const CONTRACTS = {
  'llm-cache': exactCacheContract,
  'chat-history': chatHistoryContract,
  'vectorstore (vector-set)': vectorStoreContract,
  'semantic-cache (vector-set)': semanticCacheContract,
} as const;

describeSpawned('every package over TLS (rediss://, self-signed certificate verified)', () => {
  let server: TlsRedisServerProcess;

  beforeAll(async () => {
    server = await spawnTlsRedisServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('refuses a plain connection to the TLS port and a client that does not trust the certificate', async () => {
    for (const options of [
      { url: `redis://127.0.0.1:${server.tlsPort}` },
      { url: server.tlsUrl },
    ]) {
      const client = createClient({
        ...options,
        socket: { reconnectStrategy: false, connectTimeout: 2000 },
      });
      client.on('error', () => {});
      await expect(client.connect()).rejects.toThrow();
      if (client.isOpen) client.destroy();
    }
  });

  for (const [name, contract] of Object.entries(CONTRACTS)) {
    it(`${name}: every operation, through a url the package owns and through a client you own`, async () => {
      const owned: ConnectionOptions = {
        url: server.tlsUrl,
        clientOptions: { socket: { tls: true, ca: server.ca } },
      };
      const client = createClient({ url: server.tlsUrl, socket: { tls: true, ca: server.ca } });
      client.on('error', () => {});
      await client.connect();
      try {
        const operations =
          (await contract(owned, `tls:${name.split(' ')[0]}:url`)) +
          (await contract({ client }, `tls:${name.split(' ')[0]}:client`));
        recordFigures('tls', name, {
          attempted: operations,
          succeeded: operations,
          failedAsExpected: 0,
          expectedFailure: '',
          lost: 0,
          detail: 'rediss:// to a spawned TLS port, certificate verified against its own CA',
        });
      } finally {
        await client.close();
      }
    });
  }
});
