// `@x/semantic-cache/verifiers`: the hit verifiers a semantic cache runs on a candidate before
// serving it, and what it takes to write one. They read English: numbers, formulas, units,
// negation, order, opposites, quantifiers, names and substitutions as English writes them; for
// prompts in other languages pass `verifiers: []` or verifiers of your own.

export {
  type CachedHit,
  createFormulaVerifier,
  createNamesVerifier,
  createNegationVerifier,
  createNumbersVerifier,
  createOppositesVerifier,
  createOrderVerifier,
  createQuantifiersVerifier,
  createSubstitutionVerifier,
  createUnitsVerifier,
  DEFAULT_VERIFIERS,
  type HitCandidate,
  type HitVerifier,
  OPPOSITE_PAIRS,
  type OppositePair,
  type OppositeSide,
  type OppositesVerifierOptions,
  runVerifiers,
  type SubstitutionVerifierOptions,
  VERIFIER_NAME,
  type VerificationResult,
  type VerifierName,
  type VerifierResult,
} from './verifiers/index.js';
