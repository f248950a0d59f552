import { OfflineEmbeddings } from '@x/offline-embeddings';
import { DEFAULT_VERIFIERS, runVerifiers } from '@x/semantic-cache/verifiers';
import { canonicalTokens } from '../../packages/semantic-cache/src/verifiers/canonical-tokens.js';
import { promptText } from '../../packages/semantic-cache/src/verifiers/prompt-text.js';
import { scorePromptPairs } from '../src/quality/distance-sweep.js';
import { loadPromptPairs } from '../src/quality/prompt-pairs.js';

const model = new OfflineEmbeddings();
const part = (process.env.PART ?? 'dev') as 'dev';
const scored = await scorePromptPairs(loadPromptPairs(part), model);
const cos = (a: number[], b: number[]) => { let d=0,na=0,nb=0; for (let i=0;i<a.length;i++){d+=a[i]*b[i];na+=a[i]*a[i];nb+=b[i]*b[i];} return 1-d/Math.sqrt(na*nb); };
// Remove the words whose canon the other prompt lacks (content words only).
function without(text: string, other: string) {
  const otherCanon = new Set(canonicalTokens(other).map(t => t.canon));
  const { words } = promptText(text);
  const keep: string[] = []; const dropped: string[] = [];
  for (const w of words) {
    const c = canonicalTokens(w.raw)[0]?.canon ?? w.lower;
    if (!w.stop && !otherCanon.has(c)) dropped.push(w.raw); else keep.push(w.raw);
  }
  return { rest: keep.join(' '), dropped: dropped.join(' ') };
}
const rows: any[] = [];
for (const pair of scored) {
  if (pair.distance > 0.35) continue;
  const v = await runVerifiers(DEFAULT_VERIFIERS, { prompt: pair.b, cached: { prompt: pair.a, llmString: '', distance: pair.distance } });
  const ra = without(pair.a, pair.b), rb = without(pair.b, pair.a);
  if (!ra.dropped || !rb.dropped) { rows.push({ pair, v, r: NaN }); continue; }
  const [A, Am, B, Bm] = await model.embedDocuments([pair.a, ra.rest, pair.b, rb.rest]);
  const dab = cos(A!, B!), da = cos(A!, Am!), db = cos(B!, Bm!);
  const r = dab / Math.min(da, db);
  rows.push({ pair, v, r, dab, da, db, ra, rb });
}
const show = process.env.ALL ? rows : rows.filter(r => r.v.pass);
for (const x of show.sort((p, q) => (q.r || 0) - (p.r || 0)))
  console.log(x.pair.label.padEnd(10), x.pair.kind.padEnd(16), x.v.pass ? 'pass' : 'REF ', Number.isNaN(x.r) ? ' -   ' : x.r.toFixed(2), x.dab?.toFixed(2) ?? '', x.da?.toFixed(2) ?? '', x.db?.toFixed(2) ?? '', x.ra ? `[${x.ra.dropped}] / [${x.rb.dropped}]` : '');
