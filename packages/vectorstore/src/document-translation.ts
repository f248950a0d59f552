import { Document, type DocumentInterface } from '@langchain/core/documents';
import { InvalidArgumentError, type StoredDocument, type VectorDocument } from '@x/redis-core';
import { encodeKeySegment } from '@x/redis-core/internal';
import { checkJsonMetadata } from './json-metadata.js';

/**
 * Checks LangChain documents (and the ids and vectors given for them) before anything is
 * embedded or written: an array, page content that is text, JSON metadata, one valid id and
 * one vector per document (the vectors themselves are the index's to check).
 *
 * @throws {InvalidArgumentError}, {@link InvalidKeyError} or {@link SerializationError} naming
 *   the document.
 */
export function checkDocuments(
  documents: readonly DocumentInterface[],
  ids: readonly string[] | undefined,
  vectors?: readonly number[][],
): void {
  if (!Array.isArray(documents)) {
    throw new InvalidArgumentError('`documents` must be an array of documents');
  }
  if (vectors !== undefined && (!Array.isArray(vectors) || vectors.length !== documents.length)) {
    throw new InvalidArgumentError(
      `\`vectors\` must hold one vector per document: ${documents.length} documents, ${Array.isArray(vectors) ? vectors.length : 'no array of'} vectors`,
    );
  }
  if (ids !== undefined && (!Array.isArray(ids) || ids.length !== documents.length)) {
    throw new InvalidArgumentError(
      `\`ids\` must be an array with one id per document: ${documents.length} documents, ${Array.isArray(ids) ? ids.length : 'no array of'} ids`,
    );
  }
  for (const [index, id] of (ids ?? []).entries()) encodeKeySegment(id, `ids[${index}]`);
  documents.forEach((document, index) => {
    if (typeof document !== 'object' || document === null) {
      throw new InvalidArgumentError(`documents[${index}] must be a document`);
    }
    if (ids === undefined && document.id !== undefined && document.id !== null) {
      encodeKeySegment(document.id, `documents[${index}].id`);
    }
    if (typeof document.pageContent !== 'string') {
      throw new InvalidArgumentError(`documents[${index}].pageContent must be a string`);
    }
    if (!document.pageContent.isWellFormed()) {
      // Redis stores UTF-8, where a lone surrogate becomes U+FFFD: the page would come back
      // different, silently.
      throw new InvalidArgumentError(
        `documents[${index}].pageContent holds a lone UTF-16 surrogate, which has no UTF-8 form`,
      );
    }
    if (document.metadata !== undefined) {
      checkJsonMetadata(document.metadata, `documents[${index}].metadata`);
    }
  });
}

/**
 * The index's documents for LangChain documents and their vectors: the id is `ids[i]`, else
 * the document's own `id`, else left for the index to make (a random UUID).
 */
export function toVectorDocuments(
  vectors: readonly number[][],
  documents: readonly DocumentInterface[],
  ids: readonly string[] | undefined,
  ttl: number | undefined,
): VectorDocument[] {
  return documents.map((document, index) => {
    const id = ids?.[index] ?? document.id;
    return {
      ...(id === undefined ? {} : { id }),
      vector: vectors[index] as number[],
      content: document.pageContent,
      metadata: document.metadata ?? {},
      ...(ttl === undefined ? {} : { ttl }),
    };
  });
}

/** A LangChain document for a stored one: its content, all its metadata, and its id. */
export function toDocument(stored: StoredDocument): Document {
  return new Document({ pageContent: stored.content, metadata: stored.metadata, id: stored.id });
}

/**
 * Documents for `fromTexts`: each text with its metadata (`metadatas[i]`, or one object for all).
 *
 * @throws {InvalidArgumentError} when `texts` is not an array, or `metadatas` is an array of
 *   another length.
 */
export function textsToDocuments(
  texts: readonly string[],
  metadatas: readonly object[] | object,
): DocumentInterface[] {
  if (!Array.isArray(texts)) throw new InvalidArgumentError('`texts` must be an array of strings');
  if (Array.isArray(metadatas) && metadatas.length !== texts.length) {
    throw new InvalidArgumentError(
      `\`metadatas\` must hold one object per text: ${texts.length} texts, ${metadatas.length} metadatas`,
    );
  }
  return texts.map((text, index) => ({
    pageContent: text,
    metadata: (Array.isArray(metadatas) ? metadatas[index] : metadatas) as Record<string, unknown>,
  }));
}
