// The ospo license detector in-process over the corpus: index build, then every file read and detected.
// Usage: node bench/license-engine.mjs DIST CORPUS   (DIST: a build of src/, e.g. dist)
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, corpus] = process.argv.slice(2);
const load = (p) => import(pathToFileURL(path.join(dist, p)).href);
const { licenseText, licenseIndex } = await load('modules/licenses/license-text/index.js');
const { spdxHeader } = await load('modules/licenses/spdx-header/index.js');
const { licenseFileKind } = await load('modules/licenses/index.js');
const cases = JSON.parse(fs.readFileSync(path.join(corpus, 'labels.json'), 'utf8'));

let started = performance.now();
licenseIndex();
const indexMs = performance.now() - started;
const rounds = 3;
started = performance.now();
for (let r = 0; r < rounds; r++) {
  for (const c of cases) {
    const content = fs.readFileSync(path.join(corpus, c.file));
    const input = { path: c.file, content, kind: licenseFileKind(c.file) ?? 'license' };
    await licenseText.detect(input);
    await spdxHeader.detect(input);
  }
}
const seconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({
    ospoEngineIndexMs: indexMs,
    ospoEngineFilesPerSecond: (rounds * cases.length) / seconds,
    ospoEngineMsPerFile: (1000 * seconds) / (rounds * cases.length),
  }),
);
