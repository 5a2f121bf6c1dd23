// `npm run bench:only -- browser patrol …`: one or more parts of `npm run bench` alone, for working on
// a figure (the whole bench takes minutes). Builds the PWA first.
import { measureInBrowser } from './browser';
import { buildPwa } from './build';
import { measurePatrol } from './patrol';
import { measureAssessmentInBrowser } from './assessment-browser';
import { measureFirstLoadInBrowser } from './first-load';
import { measureLighthouse } from './lighthouse';
import { measureScale } from './scale';

const PARTS: Record<string, () => Promise<unknown>> = {
  browser: measureInBrowser,
  patrol: measurePatrol,
  assessmentBrowser: measureAssessmentInBrowser,
  firstLoad: measureFirstLoadInBrowser,
  lighthouse: measureLighthouse,
  scale: measureScale,
};
const names = process.argv.slice(2);
const unknown = names.filter((n) => !(n in PARTS));
if (names.length === 0 || unknown.length) {
  console.error(
    `usage: npm run bench:only -- ${Object.keys(PARTS).join('|')} …${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`,
  );
  process.exit(2);
}
buildPwa();
const out: Record<string, unknown> = {};
for (const name of names) out[name] = await PARTS[name]!();
console.log(JSON.stringify(out, null, 2));
process.exit(0);
