import { encodeVector, type RedisClientOrCluster, type VectorEngine } from '@x/redis-core';

/** The semantic cache suite's raw side: the commands a hand-written client sends. */

export const THRESHOLD = 0.2;
/** What the cache asks of Redis (neighbours, HNSW candidates), asked of the raw command too. */
export const SEARCH_COUNT = 16;
const EF_RUNTIME = 40;

/** What the raw cases use of a node-redis client (and the cache, of the same client). */
export type Client = RedisClientOrCluster & {
  sendCommand(args: (string | Buffer)[]): Promise<unknown>;
};

/**
 * The vector-set search of a lookup alone, as raw VSIM on the partition's vector set `key`
 * (each model and scope has its own, so no filter is needed; `filter` adds one, to show its cost
 * on a set shared by every scope).
 */
export function rawVectorSetSearch(key: string, filter: string | undefined, vector: number[]) {
  const options = `WITHSCORES COUNT ${SEARCH_COUNT} EF ${EF_RUNTIME}`.split(' ');
  const search = ['VSIM', key, 'FP32', encodeVector(vector), ...options];
  if (filter !== undefined) search.push('FILTER', filter);
  search.push('EPSILON', String(THRESHOLD));
  return search;
}

/**
 * The vector set of one partition of cache `name`: the first found (a cache of one model and
 * scope has one).
 */
export async function partitionKey(client: Client, name: string): Promise<string> {
  let cursor = '0';
  do {
    const [next, keys] = (await client.sendCommand([
      'SCAN',
      cursor,
      'MATCH',
      `${name}:p:*:vectors`,
      'COUNT',
      '1000',
    ])) as [string, string[]];
    if (keys[0] !== undefined) return keys[0];
    cursor = String(next);
  } while (cursor !== '0');
  throw new Error(`cache "${name}" has no partition`);
}

/**
 * The commands a hand-written client sends for the same lookup: the search, then the hash. On
 * the Query Engine the KNN asks for batches where the cache's planner does (`batches`).
 */
export async function rawLookup(
  client: Client,
  engine: VectorEngine,
  name: string,
  filter: string,
  vector: number[],
  batches = false,
) {
  const blob = encodeVector(vector);
  if (engine === 'vector-set') {
    // `name` is the partition's vector set, `filter` unused: the partition holds only its own.
    const search = rawVectorSetSearch(name, undefined, vector);
    const reply = (await client.sendCommand(search)) as unknown[] | Record<string, unknown>;
    const id = Array.isArray(reply) ? reply[0] : Object.keys(reply)[0];
    if (id === undefined) return undefined;
    const key = `${name.slice(0, -':vectors'.length)}:doc:${String(id)}`;
    const fields = (await client.sendCommand(['HMGET', key, 'content', 'metadata'])) as string[];
    return JSON.parse(fields[1] ?? '{}');
  }
  // The KNN of the partition, its threshold applied to the reply (as the cache does: a
  // VECTOR_RANGE on HNSW misses entries inside the radius).
  const policy = batches ? ' HYBRID_POLICY BATCHES' : '';
  const query = `(${filter})=>[KNN ${SEARCH_COUNT} @vector $vector EF_RUNTIME $ef${policy} AS __distance]`;
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

/**
 * What a raw client searches: on vector sets the partition's vector set (the filter is empty),
 * on the Query Engine the shared index and the filter read from a stored entry's tags; and the
 * scope of that entry (the partition's, on vector sets).
 */
export async function rawTarget(
  client: Client,
  engine: VectorEngine,
  name: string,
): Promise<{ name: string; filter: string; scope: Record<string, string> }> {
  if (engine === 'vector-set') {
    const key = await partitionKey(client, name);
    const id = String(await client.sendCommand(['VRANDMEMBER', key]));
    const document = `${key.slice(0, -':vectors'.length)}:doc:${id}`;
    const metadata = String(await client.sendCommand(['HGET', document, 'metadata']));
    return { name: key, filter: '', scope: JSON.parse(metadata).scopeValues ?? {} };
  }
  const options = 'LIMIT 0 1 RETURN 3 llm scope metadata DIALECT 2'.split(' ');
  const reply = await client.sendCommand(['FT.SEARCH', name, '*', ...options]);
  const text = JSON.stringify(reply);
  // RESP2 lists fields as `"llm","<hash>"`, RESP3 as `"llm":"<hash>"`.
  const field = (name: string) => new RegExp(`"${name}"[,:]"([0-9a-f]{32})"`).exec(text)?.[1];
  const [llm, scope] = [field('llm'), field('scope')];
  if (llm === undefined || scope === undefined) {
    throw new Error(`no llm and scope tags in the entry read from index "${name}": ${text}`);
  }
  const values = /\\"scopeValues\\":(\{[^}]*\})/.exec(text)?.[1];
  return {
    name,
    filter: `@llm:{${llm}} @scope:{${scope}}`,
    scope: values === undefined ? {} : JSON.parse(values.replaceAll('\\"', '"')),
  };
}
