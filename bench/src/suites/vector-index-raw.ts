/** The vector index suite's raw side: the commands a hand-written client sends. */
import { encodeVector, type VectorEngine } from '@x/redis-core';

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

/** The raw command of the same query as ours. */
export function rawQuery(
  engine: VectorEngine,
  target: string,
  vector: number[],
  filtered: boolean,
) {
  const values = { $target: target, $blob: encodeVector(vector), $filter: '("a" in .genre)' };
  if (engine === 'vector-set') {
    const filter = filtered ? ' FILTER $filter' : '';
    return fill(`VSIM $target FP32 $blob WITHSCORES COUNT ${K} EF ${EF_RUNTIME}${filter}`, values);
  }
  const knn = `[KNN ${K} @vector $vector EF_RUNTIME $ef AS __distance]`;
  const text = filtered ? `(@genre:{a})=>${knn}` : `*=>${knn}`;
  return fill(
    `FT.SEARCH $target $text PARAMS 4 vector $blob ef ${EF_RUNTIME} RETURN 3 content metadata __distance SORTBY __distance ASC LIMIT 0 ${K} DIALECT 2`,
    { ...values, $text: text },
  );
}
