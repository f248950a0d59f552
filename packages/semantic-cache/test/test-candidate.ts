import type { HitCandidate, HitVerifier } from '../src/verifiers/hit-verifier.js';

/** What `verifier` decides when `prompt` looks up an answer cached for `cached` (tests only). */
export async function verdict(verifier: HitVerifier, cached: string, prompt: string) {
  const candidate: HitCandidate = {
    prompt,
    cached: { prompt: cached, llmString: '', distance: 0.1 },
  };
  return verifier.verify(candidate);
}
