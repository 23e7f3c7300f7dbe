// A package-lock.json of N packages named like generate-osv.mjs records, for the `ospo vulns` figure.
// Usage: node bench/generate-lockfile.mjs OUT_DIR N
import fs from 'node:fs';

const n = Number(process.argv[3]);
const packages = { '': { name: 'app', version: '1.0.0', dependencies: {} } };
for (let i = 0; i < n; i++) {
  const k = i * 8;
  packages[''].dependencies[`pkg${k % 20000}`] = '*';
  packages[`node_modules/pkg${k % 20000}`] = { version: `${k % 7}.${k % 13}.0`, license: 'MIT' };
}
fs.mkdirSync(process.argv[2], { recursive: true });
fs.writeFileSync(
  process.argv[2] + '/package-lock.json',
  JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, packages }),
);
