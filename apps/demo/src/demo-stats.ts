import { ANSWER_SOURCE, type AnswerSource } from './answer-caches.js';

/** Answers by source and the time the caches saved, since the server started. */
export interface DemoStatsSnapshot {
  answers: Record<AnswerSource, number>;
  /** Model time the cache hits avoided, minus the time the hits took, in milliseconds. */
  timeSavedMs: number;
  /** The mean time of a model answer (retrieval included), in milliseconds; `null` before one. */
  meanModelMs: number | null;
}

/** Counts what happened to each question. */
export class DemoStats {
  readonly #answers: Record<AnswerSource, number> = {
    [ANSWER_SOURCE.model]: 0,
    [ANSWER_SOURCE.exact]: 0,
    [ANSWER_SOURCE.semantic]: 0,
  };
  #timeSavedMs = 0;
  #modelMs = 0;

  /**
   * @param ms how long this answer took, in milliseconds.
   * @param originalMs how long the model took for the answer that was served.
   */
  record(source: AnswerSource, ms: number, originalMs: number): void {
    this.#answers[source]++;
    if (source === ANSWER_SOURCE.model) this.#modelMs += ms;
    else this.#timeSavedMs += Math.max(0, originalMs - ms);
  }

  snapshot(): DemoStatsSnapshot {
    const models = this.#answers[ANSWER_SOURCE.model];
    return {
      answers: { ...this.#answers },
      timeSavedMs: this.#timeSavedMs,
      meanModelMs: models > 0 ? this.#modelMs / models : null,
    };
  }
}
