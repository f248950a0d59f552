import { describe, expect, it, vi } from 'vitest';
import { Deadlines } from './deadlines.js';
import { RedisOperationError } from './redis-operation-error.js';

const created = vi.hoisted(() => ({ timeoutErrors: 0 }));

// Counts the timeout errors built, to prove that calls finished in time cost none.
vi.mock('./redis-operation-error.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./redis-operation-error.js')>();
  class CountedRedisOperationError extends actual.RedisOperationError {
    constructor(...args: ConstructorParameters<typeof actual.RedisOperationError>) {
      super(...args);
      if (this.reason === 'timeout') created.timeoutErrors++;
    }
  }
  return { ...actual, RedisOperationError: CountedRedisOperationError };
});

const never = () => new Promise<never>(() => {});

describe('Deadlines', () => {
  it('resolves with the result of a task that finishes in time', async () => {
    await expect(new Deadlines(1000).run(async () => 'reply', 'op')).resolves.toBe('reply');
  });

  it('rejects with a timeout RedisOperationError when the task never settles, and aborts it', async () => {
    let seen: AbortSignal | undefined;
    const started = performance.now();
    const error = await new Deadlines(100)
      .run((signal) => {
        seen = signal;
        return never();
      }, 'RedisCache.lookup')
      .catch((caught: unknown) => caught);
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(85);
    expect(waited).toBeLessThan(600);
    expect(RedisOperationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'timeout', operation: 'RedisCache.lookup' });
    expect((error as Error).message).toBe('RedisCache.lookup got no reply within 100 ms');
    expect(seen?.aborted).toBe(true);
  });

  it('gives calls that start later their own, later deadline', async () => {
    const deadlines = new Deadlines(100);
    const first = deadlines.run(never, 'op').catch(() => performance.now());
    await new Promise((resolve) => setTimeout(resolve, 60));
    const secondStarted = performance.now();
    const second = deadlines.run(never, 'op').catch(() => performance.now());
    const [, secondEnded] = await Promise.all([first, second]);
    // The second call may end up to a slice (10 ms here) early, never later than its deadline.
    expect(secondEnded - secondStarted).toBeGreaterThanOrEqual(85);
  });

  it('types a failure of the task, thrown or rejected', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const deadlines = new Deadlines(1000);
    await expect(deadlines.run(() => Promise.reject(refused), 'op')).rejects.toMatchObject({
      reason: 'unavailable',
      cause: refused,
    });
    await expect(
      deadlines.run(() => {
        throw refused;
      }, 'op'),
    ).rejects.toMatchObject({ reason: 'unavailable' });
  });

  it('drops a failure that comes after the deadline instead of leaving it unhandled', async () => {
    let fail: (error: Error) => void = () => {};
    const late = new Deadlines(20).run(
      () =>
        new Promise<never>((_, reject) => {
          fail = reject;
        }),
      'op',
    );
    await expect(late).rejects.toMatchObject({ reason: 'timeout' });
    fail(new Error('too late'));
    // vitest fails the run on an unhandled rejection; give it a turn to surface.
    await new Promise((resolve) => setTimeout(resolve, 20));
  });

  it('builds an error only for the calls still pending at the deadline', async () => {
    const deadlines = new Deadlines(20);
    const before = created.timeoutErrors;
    await Promise.all(
      Array.from({ length: 100 }, () => deadlines.run(async () => 'in time', 'op')),
    );
    const late = deadlines.run(never, 'op').catch(() => 'timed out');
    expect(await late).toBe('timed out');
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(created.timeoutErrors - before).toBe(1);
  });

  it('lets many calls of one slice listen to its signal without a MaxListenersExceededWarning', async () => {
    const warnings: Error[] = [];
    const listen = (warning: Error) => warnings.push(warning);
    process.on('warning', listen);
    try {
      const deadlines = new Deadlines(1000);
      await Promise.all(
        Array.from({ length: 50 }, () =>
          deadlines.run(async (signal) => {
            signal.addEventListener('abort', () => {});
            return 'reply';
          }, 'op'),
        ),
      );
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', listen);
    }
  });
});

describe('Deadlines.bound', () => {
  it('leaves the task’s own failure as it is, and times out with a RedisOperationError', async () => {
    const failure = new Error('the embedding model failed');
    const deadlines = new Deadlines(30, (operation, ms) => `${operation} took over ${ms} ms`);
    await expect(deadlines.bound(() => Promise.reject(failure), 'lookup')).rejects.toBe(failure);
    const error = await deadlines.bound(never, 'lookup').catch((caught: unknown) => caught);
    expect(RedisOperationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'timeout', operation: 'lookup' });
    expect((error as Error).message).toBe('lookup took over 30 ms');
  });
});
