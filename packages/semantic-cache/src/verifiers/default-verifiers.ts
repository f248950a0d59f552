import type { HitVerifier } from './hit-verifier.js';
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
  createUnitsVerifier(),
  createNegationVerifier(),
  createOrderVerifier(),
  createOppositesVerifier(),
  createQuantifiersVerifier(),
  createNamesVerifier(),
  createSubstitutionVerifier(),
]);
