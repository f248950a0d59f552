import type { RedisConnection } from '../../connection.js';
import { toRedisOperationError } from '../../redis-operation-error.js';
import { replyToNumber } from '../../reply.js';
import type { IndexKeys } from '../index-keys.js';

// Atomic, so that a document written again meanwhile (which moves or removes its expiry in the
// MULTI that writes it) is never swept. Hashes expire on their own (PEXPIREAT, server clock), so
// the sweep reads the server's clock too: element and hash go at the same moment.
const SWEEP_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
for _, id in ipairs(due) do redis.call('VREM', KEYS[1], id) end
if #due > 0 then redis.call('ZREM', KEYS[2], unpack(due)) end
return #due`;

/** Elements swept per script call, so the server is never blocked for long. */
const BATCH = 500;
/** Script calls per sweep at most; the next sweep goes on. */
const MAX_BATCHES = 20;

/**
 * Removes the vector-set elements of documents that expired (by the server's clock), in bounded
 * batches, and returns how many it removed.
 */
export async function sweepExpired(connection: RedisConnection, keys: IndexKeys): Promise<number> {
  let removed = 0;
  try {
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const reply = await connection.send(
        ['EVAL', SWEEP_SCRIPT, '2', keys.vectorSet, keys.expiries, String(BATCH)],
        { key: keys.vectorSet },
      );
      const count = replyToNumber(reply) ?? 0;
      removed += count;
      if (count < BATCH) break;
    }
  } catch (error) {
    throw toRedisOperationError(error, `sweep expired documents of index "${keys.name}"`);
  }
  return removed;
}

/** How often a busy index sweeps on its own, at most (ms). */
const SWEEP_INTERVAL = 30_000;

/**
 * Runs {@link sweepExpired} in the background: at most one at a time, and unless `urgent`
 * (expired documents were just seen), at most once per interval, the first one an interval
 * after the index opened.
 */
export class ExpirySweeper {
  #running: Promise<void> | undefined;
  #last: number;
  readonly #run: () => Promise<unknown>;
  readonly #now: () => number;
  readonly #onError: (error: Error) => void;

  constructor(run: () => Promise<unknown>, now: () => number, onError: (error: Error) => void) {
    this.#run = run;
    this.#now = now;
    this.#onError = onError;
    this.#last = now();
  }

  /** Starts a sweep when one is due; never throws, never waits. */
  poke(urgent = false): void {
    if (this.#running || (!urgent && this.#now() - this.#last < SWEEP_INTERVAL)) return;
    this.#last = this.#now();
    this.#running = this.#run()
      .then(
        () => undefined,
        (error: unknown) =>
          this.#onError(error instanceof Error ? error : new Error(String(error))),
      )
      .finally(() => {
        this.#running = undefined;
      });
  }

  /** Waits for a sweep in flight, if any. */
  async settle(): Promise<void> {
    await this.#running;
  }
}
