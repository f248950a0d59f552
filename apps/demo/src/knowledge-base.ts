import { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { CapabilityError, type RedisClientOrCluster, type VectorEngine } from '@x/redis-core';
import { type RedisHybridSearchKwargs, RedisVectorStore, tag } from '@x/vectorstore';
import type { Corpus } from './corpus.js';
import type {
  Retrieval,
  RetrievalInfo,
  RetrievedPassage,
  SearchMethod,
  SearchOptions,
} from './retrieval.js';

/** Options of {@link openKnowledgeBase}. */
export interface KnowledgeBaseOptions {
  client: RedisClientOrCluster;
  embeddings: EmbeddingsInterface;
  /** The index's name: one per embedding model, as their vectors differ. */
  indexName: string;
  corpus: Corpus;
  log: (line: string) => void;
  /** @default the Query Engine when the server has it, else vector sets */
  engine?: VectorEngine;
}

/** The metadata field the page filters by. */
const FILTER_FIELD = 'package';

/**
 * Hybrid search's settings here: those chosen on the dev questions of this very corpus
 * (`bench/data/retrieval`). With the offline model they find a passage that answers in the top
 * 5 for 92% of the 60 held-out questions, where vector search alone finds one for 60%.
 */
const HYBRID: RedisHybridSearchKwargs = {
  fusion: { method: 'rrf', vectorWeight: 0.1 },
  candidates: 40,
};

/** Hybrid search where the engine has a full-text index (the Query Engine), else similarity. */
const searchMethod = (engine: string): SearchMethod =>
  engine === 'query-engine' ? 'hybrid' : 'similarity';

/**
 * The corpus in a Redis vector store, searched by words and meaning on the Query Engine and by
 * meaning on vector sets. It is indexed on first start, and again only when the
 * corpus changed (each passage carries the corpus version, and the index must hold exactly
 * the current passages) or when the index was lost, e.g. to a Redis restarted without
 * persistence.
 */
export async function openKnowledgeBase(options: KnowledgeBaseOptions): Promise<Retrieval> {
  const { corpus, log, indexName } = options;
  const store = new RedisVectorStore(options.embeddings, {
    client: options.client,
    indexName,
    ...(options.engine === undefined ? {} : { engine: options.engine }),
    metadataSchema: [{ name: FILTER_FIELD, type: 'tag' }],
  });
  const ids = corpus.passages.map((passage) => passage.id);
  const packages = [...new Set(corpus.passages.map((passage) => passage.metadata.package))];
  let engine = 'unknown';

  async function isCurrent(documents: number): Promise<boolean> {
    if (documents !== ids.length) return false;
    const edges = await store.getByIds([ids[0] ?? '', ids.at(-1) ?? '']);
    return (
      edges.length === 2 && edges.every((document) => document.metadata.corpus === corpus.version)
    );
  }

  /** Whether the index has the full text hybrid search needs (one made by an earlier demo has not). */
  async function searchable(): Promise<boolean> {
    if (searchMethod(engine) !== 'hybrid') return true;
    try {
      await store.hybridSearch('redis', 1);
      return true;
    } catch (error) {
      if (!(error instanceof CapabilityError)) throw error;
      log(
        `The index "${indexName}" has no full text (made by an earlier version): indexing again.`,
      );
      return false;
    }
  }

  async function index(): Promise<void> {
    const info = await store.info();
    engine = info.engine;
    if ((await isCurrent(info.documents)) && (await searchable())) return;
    if (info.exists) await store.delete({ deleteAll: true });
    log(
      `Indexing ${ids.length} passages into "${indexName}" (${engine}; once, it takes a while)...`,
    );
    const started = performance.now();
    // The offline model pads each batch to its longest text: similar lengths together embed
    // about a quarter faster.
    const passages = [...corpus.passages].sort((a, b) => a.text.length - b.text.length);
    const documents = passages.map(
      (passage) =>
        new Document({
          pageContent: passage.text,
          metadata: { ...passage.metadata, corpus: corpus.version },
        }),
    );
    await store.addDocuments(documents, { ids: passages.map((passage) => passage.id) });
    log(`Indexed in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  }

  // One indexing at a time: the status poll may ask again while one is running.
  let indexing: Promise<void> | undefined;
  const reindex = () => {
    indexing ??= index()
      .catch((error: unknown) => log(`Indexing failed: ${String(error)}`))
      .finally(() => {
        indexing = undefined;
      });
    return indexing;
  };

  await index();
  return {
    async search(question: string, search: SearchOptions): Promise<RetrievedPassage[]> {
      const filter = search.package ? tag(FILTER_FIELD).eq(search.package) : undefined;
      const results =
        searchMethod(engine) === 'hybrid'
          ? (await store.hybridSearch(question, { k: search.k, filter, ...HYBRID })).map(
              ({ document, distance }) => [document, distance] as const,
            )
          : await store.similaritySearchWithScore(question, { k: search.k, filter });
      return results.map(([document, distance]) => ({
        id: document.id ?? '',
        package: String(document.metadata.package),
        section: String(document.metadata.section),
        text: document.pageContent,
        distance,
      }));
    },
    async info(): Promise<RetrievalInfo> {
      let documents: number;
      try {
        ({ documents, engine } = await store.info());
      } catch {
        // Redis is away: the banner says so; the panel keeps what it knew.
        return { documents: null, engine, search: searchMethod(engine), packages, indexing: false };
      }
      if (documents === 0 && !indexing) {
        log(`The index "${indexName}" is empty (was Redis restarted without its data?).`);
        void reindex();
      }
      return {
        documents,
        engine,
        search: searchMethod(engine),
        packages,
        indexing: indexing !== undefined,
      };
    },
    packages,
    close: () => store.close(),
  };
}
