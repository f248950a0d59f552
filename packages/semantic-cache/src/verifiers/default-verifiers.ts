import { InvalidArgumentError } from '@x/redis-core';
import { createFormulaVerifier } from './formula-verifier.js';
import { type HitVerifier, VERIFIER_NAME, type VerifierName } from './hit-verifier.js';
import { createNamesVerifier } from './names-verifier.js';
import { createNegationVerifier } from './negation-verifier.js';
import { createNumbersVerifier } from './numbers-verifier.js';
import { createOppositesVerifier } from './opposites-verifier.js';
import { createOrderVerifier } from './order-verifier.js';
import { createQuantifiersVerifier } from './quantifiers-verifier.js';
import { createSubstitutionVerifier } from './substitution-verifier.js';
import { createUnitsVerifier } from './units-verifier.js';

/**
 * The built-in verifiers, in the order they run: the precise ones first, so a refusal names
 * the most specific reason, and the substitution verifier last, as the catch-all for a swapped
 * word none of the others knows. None needs a model; together they cost microseconds a lookup.
 */
export const DEFAULT_VERIFIERS: readonly HitVerifier[] = Object.freeze([
  createNumbersVerifier(),
  createFormulaVerifier(),
  createUnitsVerifier(),
  createNegationVerifier(),
  createOrderVerifier(),
  createOppositesVerifier(),
  createQuantifiersVerifier(),
  createNamesVerifier(),
  createSubstitutionVerifier(),
]);

/**
 * The built-in verifiers without those named in `except`, in their order: to turn one off by
 * name (`defaultVerifiers({ except: ['names'] })`) where it refuses good hits of your prompts.
 *
 * @throws {InvalidArgumentError} for a name that is not a built-in verifier's.
 */
export function defaultVerifiers(
  options: { except?: readonly VerifierName[] } = {},
): HitVerifier[] {
  const known: readonly string[] = Object.values(VERIFIER_NAME);
  const except = options.except ?? [];
  if (!Array.isArray(except)) {
    throw new InvalidArgumentError('`except` must be an array of verifier names');
  }
  for (const name of except) {
    if (!known.includes(name)) {
      throw new InvalidArgumentError(
        `"${String(name)}" is not a built-in verifier; the names are ${known.join(', ')}`,
      );
    }
  }
  return DEFAULT_VERIFIERS.filter((verifier) => !except.includes(verifier.name as VerifierName));
}
