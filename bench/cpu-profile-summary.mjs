// Summarize a V8 CPU profile (node --cpu-prof) by self time: the top functions, then time per file.
// Usage: node bench/cpu-profile-summary.mjs FILE.cpuprofile [TOP]
import fs from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: node bench/cpu-profile-summary.mjs FILE.cpuprofile [TOP]');
const top = Number(topArg ?? 30);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const selfById = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  selfById.set(id, (selfById.get(id) ?? 0) + dt);
  total += dt;
});
const short = (url) => url.replace(/^.*\/(dist|node_modules)\//, '$1/') || '(native)';
const byFunction = new Map();
const byFile = new Map();
for (const [id, us] of selfById) {
  const { functionName, url, lineNumber } = nodes.get(id).callFrame;
  const key = `${functionName || '(anonymous)'} ${short(url)}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  byFile.set(short(url), (byFile.get(short(url)) ?? 0) + us);
}
const line = (us, what) =>
  `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${what}`;
console.log(`total ${(total / 1e6).toFixed(2)} s of samples`);
for (const [k, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(line(us, k));
console.log('--- by file');
for (const [k, us] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(line(us, k));
