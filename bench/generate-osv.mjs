// Synthetic OSV records for the advisory import benchmark (issue 5): N files of about 1.3 kB each,
// eight ecosystems, names from a pool of 20,000 like the scan benchmark's monorepo.
// Usage: node bench/generate-osv.mjs OUT_DIR N
import fs from 'node:fs';
import path from 'node:path';

const [out, count] = [process.argv[2], Number(process.argv[3])];
if (!out || !(count > 0)) throw new Error('usage: node bench/generate-osv.mjs OUT_DIR N');
fs.mkdirSync(out, { recursive: true });
const ecosystems = ['npm', 'PyPI', 'Go', 'crates.io', 'Maven', 'RubyGems', 'NuGet', 'Packagist'];
for (let i = 0; i < count; i++) {
  const record = {
    schema_version: '1.6.0',
    id: `GHSA-gen-${i}`,
    modified: '2024-05-01T00:00:00Z',
    published: '2024-04-01T00:00:00Z',
    aliases: [`CVE-2024-${i}`],
    summary: `Synthetic advisory ${i}`,
    details: 'x'.repeat(400),
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
    affected: [
      {
        package: { ecosystem: ecosystems[i % ecosystems.length], name: `pkg${i % 20000}` },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: `${i % 7}.${i % 13}.1` }] }],
        versions: [],
      },
    ],
    references: [{ type: 'WEB', url: `https://example.com/${i}` }],
  };
  fs.writeFileSync(path.join(out, `GHSA-gen-${i}.json`), JSON.stringify(record));
}
console.log(`wrote ${count} records to ${out}`);
