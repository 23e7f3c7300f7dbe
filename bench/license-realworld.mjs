// A real-world check of license detection, not a labelled corpus: the distinct single LICENSE files of the
// npm packages installed on this machine, against each package.json "license" (usually, not always, right),
// for ospo (in-process, DIST = a build of src/) and for licensee when it is on the PATH (one run per file).
// Usage: node bench/license-realworld.mjs DIST [ROOT...]   (default roots: ./node_modules /usr/lib/node_modules)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, ...roots] = process.argv.slice(2);
const load = (p) => import(pathToFileURL(path.resolve(dist, p)).href);
const { licenseText } = await load('modules/licenses/license-text/index.js');
const { licenseFileKind } = await load('modules/licenses/index.js');
const searched = roots.length > 0 ? roots : [path.resolve('node_modules'), '/usr/lib/node_modules'];
const find = spawnSync('find', [...searched, '-name', 'package.json', '-not', '-path', '*/test/*'], {
  encoding: 'utf8',
  maxBuffer: 1 << 28,
});
const packages = [];
const seen = new Set();
for (const manifest of find.stdout.trim().split('\n').filter(Boolean)) {
  const dir = path.dirname(manifest);
  let declared;
  try {
    declared = JSON.parse(fs.readFileSync(manifest, 'utf8')).license;
  } catch {
    continue;
  }
  if (typeof declared !== 'string') continue;
  const files = fs
    .readdirSync(dir)
    .filter((f) => licenseFileKind(f) === 'license' && fs.statSync(path.join(dir, f)).isFile());
  if (files.length !== 1) continue;
  const file = path.join(dir, files[0]);
  const text = fs.readFileSync(file, 'utf8');
  if (seen.has(text)) continue;
  seen.add(text);
  packages.push({ dir, declared: declared.replace(/^\((.*)\)$/, '$1'), file });
}
const same = (a, b) => a !== null && b !== null && a.replace(/-only$/, '') === b.replace(/-only$/, '');
const licenseeIds = { 'GPL-2.0': 'GPL-2.0-only', 'GPL-3.0': 'GPL-3.0-only', 'LGPL-2.1': 'LGPL-2.1-only' };
const hasLicensee = spawnSync('licensee', ['version']).status === 0;
let ospoAgree = 0;
let licenseeAgree = 0;
for (const p of packages) {
  const [evidence] = await licenseText.detect({
    path: p.file,
    content: fs.readFileSync(p.file),
    kind: 'license',
  });
  const ospo = evidence?.expression ?? null;
  if (same(ospo, p.declared)) ospoAgree++;
  let licensee = null;
  if (hasLicensee) {
    const r = spawnSync('licensee', ['detect', '--json', p.file], { encoding: 'utf8' });
    try {
      const id = JSON.parse(r.stdout).matched_files?.[0]?.matched_license ?? null;
      licensee = licenseeIds[id] ?? id;
    } catch {}
    if (same(licensee, p.declared)) licenseeAgree++;
  }
  if (!same(ospo, p.declared))
    console.log(`${p.dir}: declared ${p.declared}, ospo ${ospo}, licensee ${licensee}`);
}
const share = (n) => `${n}/${packages.length} (${((100 * n) / Math.max(1, packages.length)).toFixed(1)}%)`;
console.log(
  `agree with package.json: ospo ${share(ospoAgree)}${hasLicensee ? `, licensee ${share(licenseeAgree)}` : ''}`,
);
