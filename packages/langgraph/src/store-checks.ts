import {
  type ListNamespacesOperation,
  type PutOperation,
  type SearchOperation,
  validateNamespace,
} from '@langchain/langgraph-checkpoint';
import { InvalidArgumentError } from '@x/redis-core';

// The checks of a batch's operations, all run before any of them: bad input is refused with
// InvalidArgumentError (or LangGraph's InvalidNamespaceError) and nothing is sent.

export function checkItem(namespace: unknown, key: unknown, allowEmpty: boolean): void {
  if (!Array.isArray(namespace))
    throw new InvalidArgumentError('a namespace must be an array of labels');
  validateNamespace(namespace, { allowEmpty, allowReservedRoot: true });
  if (typeof key !== 'string' || !key.isWellFormed()) {
    throw new InvalidArgumentError('an item key must be a well-formed string');
  }
}

export function checkPut(put: PutOperation): void {
  checkItem(put.namespace, put.key, false);
  const value = put.value;
  if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
    throw new InvalidArgumentError('a stored value must be an object (or null to delete)');
  }
}

export function checkSearch(search: SearchOperation): { limit: number; offset: number } {
  validateNamespace(search.namespacePrefix, { allowEmpty: true, allowReservedRoot: true });
  const { filter, query } = search;
  if (filter !== undefined && (typeof filter !== 'object' || filter === null)) {
    throw new InvalidArgumentError('`filter` must be an object of field conditions');
  }
  if (query !== undefined && typeof query !== 'string') {
    throw new InvalidArgumentError('`query` must be a string');
  }
  return { limit: count(search.limit ?? 10, 'limit'), offset: count(search.offset ?? 0, 'offset') };
}

export function checkListNamespaces(list: ListNamespacesOperation): void {
  count(list.limit ?? 100, 'limit');
  count(list.offset ?? 0, 'offset');
  if (list.maxDepth !== undefined) count(list.maxDepth, 'maxDepth');
}

function count(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new InvalidArgumentError(
      `\`${name}\` must be a whole number of 0 or more, got ${String(value)}`,
    );
  }
  return value;
}
