/** A seeded uniform generator in [0, 1) (mulberry32): the same data on every run. */
export function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), state | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const gaussian = (random: () => number) =>
  Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());

/**
 * Seeded vectors shaped like text embeddings: points around 200 topics. (Uniformly random ones
 * have no neighbourhood structure: HNSW then needs `efRuntime` ≈ 600 for a recall@10 of 0.95.)
 */
export function embeddingLike(count: number, dimension: number, seed: number): number[][] {
  const topics = generator(7);
  const centres = Array.from({ length: 200 }, () =>
    Array.from({ length: dimension }, () => gaussian(topics)),
  );
  const random = generator(seed);
  return Array.from({ length: count }, () => {
    const centre = centres[Math.floor(random() * centres.length)] as number[];
    return centre.map((value) => value + gaussian(random) * 0.8);
  });
}
