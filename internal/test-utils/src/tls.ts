import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  type RedisServerProcess,
  type SpawnRedisServerOptions,
  spawnRedisServer,
} from './redis-server-process.js';

/** A self-signed certificate for `127.0.0.1` and `localhost`, in PEM files. */
export interface SelfSignedCertificate {
  /** The certificate (also its own CA), PEM. */
  readonly certificate: string;
  readonly certificateFile: string;
  readonly keyFile: string;
  /** Removes the files. */
  remove(): void;
}

/**
 * Makes a throwaway self-signed certificate with `openssl` (RSA 2048, one day), valid for the
 * loopback address and `localhost`, so that clients can verify it with itself as the CA.
 */
export function createSelfSignedCertificate(): SelfSignedCertificate {
  const directory = mkdtempSync(join(tmpdir(), 'x-redis-tls-'));
  const certificateFile = join(directory, 'redis.crt');
  const keyFile = join(directory, 'redis.key');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        keyFile,
        '-out',
        certificateFile,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 },
    );
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    const detail = error instanceof Error ? error.message.split('\n', 1)[0] : String(error);
    throw new Error(`openssl could not make a self-signed certificate: ${detail}`);
  }
  return {
    certificate: readFileSync(certificateFile, 'utf8'),
    certificateFile,
    keyFile,
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}

/** A private `redis-server` that also listens for TLS, with its certificate. */
export interface TlsRedisServerProcess extends RedisServerProcess {
  /** The TLS port. */
  readonly tlsPort: number;
  /** `rediss://127.0.0.1:<tlsPort>`. */
  readonly tlsUrl: string;
  /** The server's self-signed certificate (PEM): the CA a client must trust. */
  readonly ca: string;
}

/**
 * Spawns a `redis-server` with a TLS port and a fresh self-signed certificate (client
 * certificates not required). Its plain port stays open on the loopback interface for the
 * test's own checks; the code under test connects to {@link TlsRedisServerProcess.tlsUrl}.
 */
export async function spawnTlsRedisServer(
  options: SpawnRedisServerOptions = {},
): Promise<TlsRedisServerProcess> {
  const certificate = createSelfSignedCertificate();
  const tlsPort = await freePort();
  let server: RedisServerProcess;
  try {
    server = await spawnRedisServer({
      ...options,
      args: [
        '--tls-port',
        String(tlsPort),
        '--tls-cert-file',
        certificate.certificateFile,
        '--tls-key-file',
        certificate.keyFile,
        '--tls-ca-cert-file',
        certificate.certificateFile,
        '--tls-auth-clients',
        'no',
        ...(options.args ?? []),
      ],
    });
  } catch (error) {
    certificate.remove();
    throw error;
  }
  const stop = server.stop.bind(server);
  return Object.assign(server, {
    tlsPort,
    tlsUrl: `rediss://127.0.0.1:${tlsPort}`,
    ca: certificate.certificate,
    async stop() {
      await stop();
      certificate.remove();
    },
  });
}
