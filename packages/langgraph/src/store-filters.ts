import type { MatchCondition } from '@langchain/langgraph-checkpoint';

// The matching rules of LangGraph's own stores, for a store that reads its items back and
// filters them in the process.

const OPERATORS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin']);

function isOperators(filter: unknown): filter is Record<string, unknown> {
  return (
    typeof filter === 'object' &&
    filter !== null &&
    !Array.isArray(filter) &&
    Object.keys(filter).every((key) => OPERATORS.has(key))
  );
}

function matchesOne(actual: unknown, expected: unknown): boolean {
  if (!isOperators(expected)) return actual === expected;
  return Object.entries(expected).every(([operator, operand]) => {
    switch (operator) {
      case '$eq':
        return actual === operand;
      case '$ne':
        return actual !== operand;
      case '$gt':
        return Number(actual) > Number(operand);
      case '$gte':
        return Number(actual) >= Number(operand);
      case '$lt':
        return Number(actual) < Number(operand);
      case '$lte':
        return Number(actual) <= Number(operand);
      case '$in':
        return Array.isArray(operand) && operand.includes(actual);
      default:
        return !Array.isArray(operand) || !operand.includes(actual);
    }
  });
}

/**
 * Whether a value matches every entry of a search filter: a field equal to a value, or
 * comparison operators (`$eq`, `$ne`, `$gt`, `$gte`, `$lt`, `$lte`, `$in`, `$nin`).
 */
export function matchesValueFilter(
  value: Record<string, unknown>,
  filter: Record<string, unknown>,
): boolean {
  return Object.entries(filter).every(([field, expected]) =>
    matchesOne(Object.hasOwn(value, field) ? value[field] : undefined, expected),
  );
}

/** Whether a namespace starts (`prefix`) or ends (`suffix`) with a path; `*` matches any label. */
export function matchesNamespace(namespace: readonly string[], condition: MatchCondition): boolean {
  const { matchType, path } = condition;
  if (path.length > namespace.length) return false;
  const start = matchType === 'suffix' ? namespace.length - path.length : 0;
  return path.every((label, index) => label === '*' || namespace[start + index] === label);
}
