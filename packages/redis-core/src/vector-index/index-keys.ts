import { encodeKeySegment, KeySchema, validatePrefix } from '../key-schema.js';

/**
 * Every key of one index. Query engine: documents are `<prefix>:doc:<id>` (the index's
 * `PREFIX`), spread over the cluster like any keys. Vector set: every key carries the hash tag
 * `{<name>}` after the prefix (`<prefix>:{<name>}:vectors`, `...:doc:<id>`, ...), because a
 * document's vector-set element and hash change in one MULTI, which a cluster allows only
 * within one slot. One vector set is one key anyway, so the whole index already lives on one
 * node; its documents follow it there.
 */
export class IndexKeys {
  readonly name: string;
  readonly prefix: string;
  /** Query engine: the documents' key schema. */
  readonly documents: KeySchema;
  readonly #tagged: string;

  /** @throws {InvalidKeyError} for an invalid name or prefix. */
  constructor(name: string, prefix: string = name) {
    this.name = validatePrefix(name, 'name');
    this.prefix = validatePrefix(prefix, 'prefix');
    this.documents = new KeySchema(this.prefix);
    this.#tagged = `${this.prefix}:{${this.name}}`;
  }

  /** Query engine: the key of a document. */
  document(id: string): string {
    return this.documents.key('doc', id);
  }

  /** Query engine: the `PREFIX` of the index. */
  get documentPrefix(): string {
    return this.documents.kindPrefix('doc');
  }

  /** Vector set: the vector set itself. */
  get vectorSet(): string {
    return `${this.#tagged}:vectors`;
  }

  /** Vector set: the sorted set of expiry times (ms) by id. */
  get expiries(): string {
    return `${this.#tagged}:expiries`;
  }

  /** Vector set: the JSON record of the index's schema. */
  get schemaRecord(): string {
    return `${this.#tagged}:schema`;
  }

  /** Vector set: the hash of a document's content and metadata. */
  taggedDocument(id: string): string {
    return `${this.#tagged}:doc:${encodeKeySegment(id)}`;
  }

  /** Vector set: the SCAN pattern of every document hash. */
  get taggedDocumentPattern(): string {
    return `${this.#tagged}:doc:*`;
  }
}
