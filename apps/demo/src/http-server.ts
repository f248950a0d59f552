import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DemoError, toDemoError } from './demo-error.js';

/** The page's files. */
const PUBLIC_DIRECTORY = join(dirname(fileURLToPath(import.meta.url)), '../public');

const STATIC_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/render.js': { file: 'render.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

/**
 * The largest request body read, in bytes: well above the longest message the demo accepts,
 * so that a long message gets the demo's own clear refusal rather than a cut connection.
 */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A reply sent as it comes: one JSON object per line (`application/x-ndjson`). What the
 * handler checks before returning it still gets an ordinary error reply; a failure once lines
 * are flowing ends the stream with a line `{ "type": "error", "error": { code, message } }`.
 */
export class StreamedReply {
  constructor(readonly lines: AsyncIterable<unknown>) {}
}

/** A JSON API route: gets the parsed body (for POST) and the path's parameters. */
export type RouteHandler = (request: { body: unknown; params: string[] }) => Promise<unknown>;

/** A route: method, a path pattern whose groups become `params`, and its handler. */
export interface Route {
  method: 'GET' | 'POST';
  path: RegExp;
  handler: RouteHandler;
}

function readBody(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (!request.isPaused()) {
        // Stop reading, answer, and let the connection close (see the `connection` header).
        request.pause();
        reject(
          new DemoError(413, 'body-too-large', `The request is over ${MAX_BODY_BYTES / 1024} KB.`),
        );
      }
    });
    request.on('error', reject);
    request.on('end', () => {
      if (size === 0) return resolve({});
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new DemoError(400, 'bad-json', 'The request body is not JSON.'));
      }
    });
  });
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new DemoError(400, 'bad-path', `"${segment}" is not a valid URL path segment.`);
  }
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer) {
  response.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  response.end(body);
}

/** Writes each line of `reply` as it comes; a failure midway becomes the last line. */
async function stream(
  response: ServerResponse,
  reply: StreamedReply,
  log: (error: unknown) => void,
): Promise<void> {
  response.writeHead(200, {
    'content-type': 'application/x-ndjson; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  try {
    for await (const line of reply.lines) response.write(`${JSON.stringify(line)}\n`);
  } catch (error) {
    const refusal = toDemoError(error);
    if (refusal.status >= 500) log(refusal.cause ?? refusal);
    const failure = { code: refusal.code, message: refusal.message };
    response.write(
      `${JSON.stringify({ type: 'error', status: refusal.status, error: failure })}\n`,
    );
  }
  response.end();
}

async function handle(
  routes: readonly Route[],
  request: IncomingMessage,
  response: ServerResponse,
  log: (line: string) => void,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const file = STATIC_FILES[path];
  if (file && request.method === 'GET') {
    send(response, 200, file.type, await readFile(join(PUBLIC_DIRECTORY, file.file)));
    return;
  }
  const route = routes.find((candidate) => candidate.path.test(path));
  try {
    if (!route) throw new DemoError(404, 'not-found', `Nothing at ${path}.`);
    if (route.method !== request.method) {
      throw new DemoError(405, 'method', `${path} takes ${route.method}.`);
    }
    const params = (route.path.exec(path) ?? []).slice(1).map(decodePathSegment);
    const body = request.method === 'POST' ? await readBody(request) : undefined;
    const reply = await route.handler({ body, params });
    if (reply instanceof StreamedReply)
      await stream(response, reply, (error) => log(`${request.method} ${path}: ${String(error)}`));
    else send(response, 200, 'application/json', JSON.stringify(reply));
  } catch (error) {
    const refusal = toDemoError(error);
    if (refusal.status >= 500)
      log(`${request.method} ${path}: ${String(refusal.cause ?? refusal)}`);
    const payload = { error: { code: refusal.code, message: refusal.message } };
    // A refused upload may still be arriving: answer, then drop the rest with the connection.
    if (!request.complete) {
      response.setHeader('connection', 'close');
      response.on('finish', () => request.destroy());
    }
    if (!response.headersSent)
      send(response, refusal.status, 'application/json', JSON.stringify(payload));
  }
}

/** A `node:http` server for the page's files and the JSON API. */
export function createHttpServer(routes: readonly Route[], log: (line: string) => void): Server {
  return createServer((request, response) => {
    handle(routes, request, response, log).catch((error: unknown) => {
      log(`${request.method} ${request.url}: ${String(error)}`);
      if (!response.headersSent) send(response, 500, 'text/plain', 'internal error');
      else response.destroy();
    });
  });
}
