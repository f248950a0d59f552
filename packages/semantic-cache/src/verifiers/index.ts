export { DEFAULT_VERIFIERS, defaultVerifiers } from './default-verifiers.js';
export { createFormulaVerifier } from './formula-verifier.js';
export {
  type CachedHit,
  type HitCandidate,
  type HitVerifier,
  runVerifiers,
  VERIFIER_NAME,
  type VerificationResult,
  type VerifierName,
  type VerifierResult,
} from './hit-verifier.js';
export {
  createJudgeVerifier,
  type JudgeFunction,
  type JudgeVerifierOptions,
  judgeQuestion,
} from './judge-verifier.js';
export {
  createMeaningVerifier,
  type MeaningVerifierOptions,
} from './meaning-verifier.js';
export { createNamesVerifier } from './names-verifier.js';
export { createNegationVerifier } from './negation-verifier.js';
export { createNumbersVerifier } from './numbers-verifier.js';
export { OPPOSITE_PAIRS } from './opposite-pairs.js';
export {
  createOppositesVerifier,
  type OppositePair,
  type OppositeSide,
  type OppositesVerifierOptions,
} from './opposites-verifier.js';
export { createOrderVerifier } from './order-verifier.js';
export { createQuantifiersVerifier } from './quantifiers-verifier.js';
export {
  createSubstitutionVerifier,
  type SubstitutionVerifierOptions,
} from './substitution-verifier.js';
export { createUnitsVerifier } from './units-verifier.js';
