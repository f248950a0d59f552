import { Document } from '@langchain/core/documents';

const TEXTS: readonly [genre: string, text: string][] = [
  ['food', 'Fresh pasta needs only flour, eggs and a little patience'],
  ['food', 'A slow braise turns tough beef into a tender stew'],
  ['food', 'Sourdough bread rises overnight with a wild yeast starter'],
  ['food', 'Grilled fish with lemon and herbs is a quick summer dinner'],
  ['food', 'Chocolate cake stays moist when the batter rests before baking'],
  ['food', 'Street tacos with slow cooked pork, onion and fresh coriander'],
  ['food', 'Miso soup warms you up on a cold winter evening'],
  ['sport', 'The striker scored twice in the second half of the football match'],
  ['sport', 'Marathon runners train for months to finish the race'],
  ['sport', 'A tennis serve depends on timing more than raw strength'],
  ['sport', 'The cycling team climbed the mountain stage in heavy rain'],
  ['sport', 'Swimmers turn at the wall with a quick flip'],
  ['sport', 'The basketball game went to overtime after a late three pointer'],
  ['sport', 'Climbers rope up before the steep granite wall'],
  ['code', 'Redis keeps data in memory for very low latency'],
  ['code', 'A vector index finds the nearest neighbours of an embedding'],
  ['code', 'TypeScript types catch mistakes before the code runs'],
  ['code', 'A pipeline sends many commands in one network round trip'],
  ['code', 'Unit tests run fast because they never touch the network'],
  ['code', 'A hash map gives constant time lookups by key'],
  ['code', 'The garbage collector frees memory that nothing references'],
  ['travel', 'Lisbon has steep hills, yellow trams and views of the river'],
  ['travel', 'The night train crosses the Alps on its way to Vienna'],
  ['travel', 'Pack light layers and a rain jacket for a week in Scotland'],
  ['travel', 'Kyoto temples are quiet early in the morning'],
  ['travel', 'A road trip along the coast stops at small fishing villages'],
  ['travel', 'The museum pass saves time in the queues of Paris'],
  ['travel', 'Island ferries run less often in the winter season'],
  ['music', 'The orchestra tuned to the oboe before the symphony began'],
  ['music', 'Jazz musicians improvise over the chord changes'],
  ['music', 'A guitar amplifier adds warmth and gentle distortion'],
  ['music', 'The choir sang the hymn in four part harmony'],
  ['music', 'Drummers keep the band in time with a steady groove'],
  ['music', 'Vinyl records came back with a new generation of listeners'],
  ['science', 'Photosynthesis turns sunlight, water and carbon dioxide into sugar'],
  ['science', 'Black holes bend light with their enormous gravity'],
  ['science', 'Vaccines train the immune system to recognise a virus'],
  ['science', 'Plate tectonics explains earthquakes and mountain ranges'],
  ['science', 'The periodic table orders elements by atomic number'],
  ['science', 'Bees pollinate flowers while they collect nectar'],
];

/**
 * Forty short documents in six genres, with metadata of every JSON type: a declared tag
 * (`genre`) and numeric (`year`) field, and undeclared strings, floats, booleans, null, arrays
 * and nested objects.
 */
export function corpus(): Document[] {
  return TEXTS.map(
    ([genre, text], position) =>
      new Document({
        id: `doc-${position}`,
        pageContent: text,
        metadata: {
          genre,
          year: 2000 + (position % 25),
          rating: Math.round(((position * 37) % 50) + 1) / 10,
          featured: position % 3 === 0,
          reviewer: position % 4 === 0 ? null : `reviewer ${position % 4}`,
          tags: [genre, position % 2 === 0 ? 'even' : 'odd'],
          source: { path: `books/${genre}.md`, page: position + 1, lines: { from: 1, to: 9 } },
        },
      }),
  );
}

/** Queries with a clear best match and no ties among the near neighbours. */
export const QUERIES: readonly string[] = [
  'how do I make fresh pasta with eggs',
  'football striker scored a goal',
  'low latency in memory database',
  'trams and hills of Lisbon',
  'jazz improvise chord changes',
  'immune system and a virus',
  'winter evening soup',
  'mountain',
  'quick dinner in the summer',
  'one round trip for many commands',
];
