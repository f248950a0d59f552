/** The vector index suite's raw side: the commands a hand-written client sends, its parsing by hand, and recall against brute force. */
import { cosineDistance, encodeVector, type VectorEngine, type VectorIndex } from '@x/redis-core';

export const K = 10;
/** Our default `efRuntime`, sent by the raw commands too, so that both search alike. */
export const EF_RUNTIME = '100';
export const GENRES = ['a', 'b', 'c', 'd'];

/** VSIM and the hashes of its hits in one read-only script: KEYS[1] the set, ARGV the blob and the documents' key prefix. */
export const SEARCH_AND_READ = `local hits = redis.call('VSIM', KEYS[1], 'FP32', ARGV[1], 'WITHSCORES', 'COUNT', '${K}', 'EF', '${EF_RUNTIME}')
local out = {}
for i = 1, #hits, 2 do
  out[#out + 1] = {hits[i], hits[i + 1], redis.call('HMGET', ARGV[2] .. hits[i], 'content', 'metadata')}
end
return out`;

export type Command = (string | Buffer)[];
/** What the raw cases use of a node-redis client. */
export interface Client {
  sendCommand(args: Command): Promise<unknown>;
  multi(): { addCommand(args: Command): unknown; exec(): Promise<unknown> };
}

export const words = (text: string) => text.split(' ');

/** The words of `template`, with each `$name` replaced by `values.$name`. */
function fill(template: string, values: Record<string, string | Buffer>): Command {
  return words(template).map((word) => values[word] ?? word);
}

/** The commands a hand-written client sends to store one document the way ours does. */
export function rawWrite(engine: VectorEngine, base: string, position: number, vector: number[]) {
  const genre = GENRES[position % GENRES.length] as string;
  const year = String(position % 50);
  const values = {
    $key: `${base}:doc:d${position}`,
    $id: `d${position}`,
    $blob: encodeVector(vector),
    $content: `document ${position}`,
    $metadata: JSON.stringify({ genre, year: Number(year) }),
    $genre: genre,
    $year: year,
    $attributes: `{"genre":["${genre}"],"year":${year},"__missing":[]}`,
  };
  const hset = 'HSET $key content $content metadata $metadata';
  if (engine === 'query-engine') {
    return [fill('DEL $key', values), fill(`${hset} vector $blob genre $genre year $year`, values)];
  }
  return [
    fill(`VADD ${base}:vectors FP32 $blob $id NOQUANT EF 200 SETATTR $attributes M 16`, values),
    fill('DEL $key', values),
    fill(hset, values),
    fill(`ZREM ${base}:expiries $id`, values),
  ];
}

/**
 * The raw command of the same query as ours: on the Query Engine a filtered one asks for
 * batches where our planner does (`batches`), unless the server is to choose (`false`).
 */
export function rawQuery(
  engine: VectorEngine,
  target: string,
  vector: number[],
  filtered: boolean,
  batches = false,
) {
  const values = { $target: target, $blob: encodeVector(vector), $filter: '("a" in .genre)' };
  if (engine === 'vector-set') {
    const filter = filtered ? ' FILTER $filter' : '';
    return fill(`VSIM $target FP32 $blob WITHSCORES COUNT ${K} EF ${EF_RUNTIME}${filter}`, values);
  }
  const policy = filtered && batches ? ' HYBRID_POLICY BATCHES' : '';
  const knn = `[KNN ${K} @vector $vector EF_RUNTIME $ef${policy} AS __distance]`;
  const text = filtered ? `(@genre:{a})=>${knn}` : `*=>${knn}`;
  return fill(
    `FT.SEARCH $target $text PARAMS 4 vector $blob ef ${EF_RUNTIME} RETURN 3 content metadata __distance SORTBY __distance ASC LIMIT 0 ${K} DIALECT 2`,
    { ...values, $text: text },
  );
}

/**
 * The hits of an `FT.SEARCH` reply with their metadata parsed, written by hand: RESP3 (a map
 * with `results`) or RESP2 (`[total, key, [field, value, ...], ...]`).
 */
export function parseHits(reply: unknown): unknown[] {
  if (Array.isArray(reply)) {
    const hits: unknown[] = [];
    for (let index = 1; index < reply.length; index += 2) {
      const fields = reply[index + 1] as unknown[];
      const hit: Record<string, unknown> = { id: String(reply[index]) };
      for (let field = 0; field < fields.length; field += 2)
        hit[String(fields[field])] = fields[field + 1];
      hit.metadata = JSON.parse(String(hit.metadata));
      hits.push(hit);
    }
    return hits;
  }
  const { results } = reply as {
    results: { id: string; extra_attributes: Record<string, unknown> }[];
  };
  return results.map(({ id, extra_attributes: fields }) => ({
    id,
    ...fields,
    metadata: JSON.parse(String(fields.metadata)),
  }));
}

/** The share of the exact top 10 (brute force in JS) that the index's default settings find. */
export async function recall(
  index: VectorIndex,
  data: number[][],
  queries: number[][],
): Promise<number> {
  let found = 0;
  for (const query of queries) {
    const exact = data
      .map((vector, position) => ({ id: `d${position}`, distance: cosineDistance(query, vector) }))
      .sort((a, b) => a.distance - b.distance)
      .slice(0, K)
      .map((hit) => hit.id);
    const results = await index.query({ vector: query, k: K });
    found += results.filter((result) => exact.includes(result.id)).length;
  }
  return found / (queries.length * K);
}
