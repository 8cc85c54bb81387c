// Cross-check of scripts/reference/peer_split.py: the JS peers' stratifiedPick (../shared/peers/lib/data.mjs)
// must give the same test rows as the Python one for every case of tests/data/reference/peer_split.json.
// Run: node scripts/reference/peer_split.mjs   (prints "N passed, N failed")
import { readFileSync } from 'node:fs';
const root = new URL('../../', import.meta.url);
const { stratifiedPick } = await import(new URL('../shared/peers/lib/data.mjs', root));
const ref = JSON.parse(readFileSync(new URL('tests/data/reference/peer_split.json', root), 'utf8'));
let passed = 0, failed = 0;
for (const c of ref.cases) {
  const [test] = stratifiedPick(ref.y, ref.n_classes, Math.round(c.test_fraction * 100), 100, c.seed);
  if (JSON.stringify(test) === JSON.stringify(c.test)) passed++;
  else { failed++; console.error(`seed ${c.seed}, ${c.test_fraction}: JS and Python differ`); }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
