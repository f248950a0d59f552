import { encodeVector, type RedisClientOrCluster, type VectorEngine } from '@x/redis-core';

/** The semantic cache suite's raw side: the commands a hand-written client sends. */

export const THRESHOLD = 0.2;
/** What the cache asks of Redis (neighbours, HNSW candidates), asked of the raw command too. */
const SEARCH_COUNT = 16;
const EF_RUNTIME = 40;

/** What the raw cases use of a node-redis client (and the cache, of the same client). */
export type Client = RedisClientOrCluster & {
  sendCommand(args: (string | Buffer)[]): Promise<unknown>;
};

/** The vector-set search of a lookup alone, as raw VSIM: with the cache's filter, or without. */
export function rawVectorSetSearch(name: string, filter: string | undefined, vector: number[]) {
  const options = `WITHSCORES COUNT ${SEARCH_COUNT} EF ${EF_RUNTIME}`.split(' ');
  const search = ['VSIM', `${name}:{${name}}:vectors`, 'FP32', encodeVector(vector), ...options];
  if (filter !== undefined) search.push('FILTER', filter);
  search.push('EPSILON', String(THRESHOLD));
  return search;
}

/** The commands a hand-written client sends for the same lookup: the search, then the hash. */
export async function rawLookup(
  client: Client,
  engine: VectorEngine,
  name: string,
  filter: string,
  vector: number[],
) {
  const blob = encodeVector(vector);
  if (engine === 'vector-set') {
    const search = rawVectorSetSearch(name, filter, vector);
    const reply = (await client.sendCommand(search)) as unknown[] | Record<string, unknown>;
    const id = Array.isArray(reply) ? reply[0] : Object.keys(reply)[0];
    if (id === undefined) return undefined;
    const key = `${name}:{${name}}:doc:${String(id)}`;
    const fields = (await client.sendCommand(['HMGET', key, 'content', 'metadata'])) as string[];
    return JSON.parse(fields[1] ?? '{}');
  }
  // The KNN of the partition, its threshold applied to the reply (as the cache does: a
  // VECTOR_RANGE on HNSW misses entries inside the radius).
  const query = `(${filter})=>[KNN ${SEARCH_COUNT} @vector $vector EF_RUNTIME $ef AS __distance]`;
  const rest = `RETURN 3 content metadata __distance SORTBY __distance ASC LIMIT 0 ${SEARCH_COUNT}`;
  const params = ['PARAMS', '4', 'vector', blob, 'ef', String(EF_RUNTIME)];
  const reply = (await client.sendCommand([
    'FT.SEARCH',
    name,
    query,
    ...params,
    ...rest.split(' '),
    'DIALECT',
    '2',
  ])) as unknown[] | { results?: { extra_attributes: Record<string, unknown> }[] };
  const first = Array.isArray(reply)
    ? (reply[2] as unknown[] | undefined)
    : reply.results?.[0]?.extra_attributes;
  if (first === undefined) return undefined;
  const fields: Record<string, unknown> = Array.isArray(first)
    ? Object.fromEntries(
        first.flatMap((value, index) => (index % 2 ? [] : [[String(value), first[index + 1]]])),
      )
    : first;
  if (Number(fields.__distance) > THRESHOLD) return undefined;
  return JSON.parse(String(fields.metadata));
}

/** The filter a raw client would send, read from a stored entry's tags. */
export async function rawFilter(
  client: Client,
  engine: VectorEngine,
  name: string,
): Promise<string> {
  if (engine === 'vector-set') {
    const key = `${name}:{${name}}:vectors`;
    const id = String(await client.sendCommand(['VRANDMEMBER', key]));
    const attributes = JSON.parse(String(await client.sendCommand(['VGETATTR', key, id])));
    return `("${attributes.llm[0]}" in .llm) and ("${attributes.scope[0]}" in .scope)`;
  }
  const options = 'LIMIT 0 1 RETURN 2 llm scope DIALECT 2'.split(' ');
  const reply = await client.sendCommand(['FT.SEARCH', name, '*', ...options]);
  const text = JSON.stringify(reply);
  // RESP2 lists fields as `"llm","<hash>"`, RESP3 as `"llm":"<hash>"`.
  const field = (name: string) => new RegExp(`"${name}"[,:]"([0-9a-f]{32})"`).exec(text)?.[1];
  const [llm, scope] = [field('llm'), field('scope')];
  if (llm === undefined || scope === undefined) {
    throw new Error(`no llm and scope tags in the entry read from index "${name}": ${text}`);
  }
  return `@llm:{${llm}} @scope:{${scope}}`;
}
