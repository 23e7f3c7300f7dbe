// Synthetic data for the vulnerability benchmark at scale (issue 5, bench/vulns-scale.mjs): OSV records
// written as osv.dev-style per-ecosystem zip dumps, an inventory of packages that share names with them,
// and a package-lock.json. Deterministic: the same sizes give the same bytes.
//
// The records, in outline (shares are of records):
// - ecosystems: npm 22%, PyPI 14%, Maven 12%, Go 10%, Packagist 6%, RubyGems 4%, NuGet 4%, crates.io 4%,
//   Debian 17% (each record affects Debian:11 and Debian:12), Alpine 7% (v3.19 and v3.20);
// - package names drawn with a skew (a few packages carry hundreds of advisories, most carry a few) from a
//   pool of records/4 names; PyPI, NuGet and crates.io names written in spellings that normalize;
// - one vulnerability is two records from two databases sharing a CVE alias in ~25% of cases (GHSA and
//   PYSEC, GO and GHSA, RUSTSEC and GHSA), so matching groups them into one finding;
// - 1 affected package (85%), 2 (12%) or 3 (3%); 1 range (80%), 2 (17%) or 3 (3%) over different
//   release lines; SEMVER ranges for npm, Go and crates.io, ECOSYSTEM for the rest, a GIT range beside
//   them in 3% of Go and crates.io records; introduced 0 in half the ranges, fixed (85%), last_affected
//   (10%) or open; a limit in 1%; `versions` lists (3-30 entries) on half the ECOSYSTEM ranges of PyPI,
//   Maven, RubyGems, Packagist and NuGet;
// - CVSS v3 vectors on 60%, v4 on 10%; withdrawn 1%; details 150-900 characters, 1-5 references.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** mulberry32: small, fast, good enough to draw benchmark data from. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MIX = [
  ['npm', 0.22],
  ['PyPI', 0.14],
  ['Maven', 0.12],
  ['Go', 0.1],
  ['Packagist', 0.06],
  ['RubyGems', 0.04],
  ['NuGet', 0.04],
  ['crates.io', 0.04],
  ['Debian', 0.17],
  ['Alpine', 0.07],
];
/** The ecosystems an inventory holds (Debian and Alpine are OS packages: records only). */
export const LANGUAGE_ECOSYSTEMS = MIX.map(([e]) => e).filter((e) => e !== 'Debian' && e !== 'Alpine');

const SEMVER_RANGES = new Set(['npm', 'Go', 'crates.io']);
const LISTS_VERSIONS = new Set(['PyPI', 'Maven', 'RubyGems', 'Packagist', 'NuGet']);
const RELEASES = { Debian: ['Debian:11', 'Debian:12'], Alpine: ['Alpine:v3.19', 'Alpine:v3.20'] };
const VECTORS_V3 = [
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H',
  'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N',
  'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:N',
  'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H',
  'CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:L',
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L',
];
const VECTORS_V4 = [
  'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
  'CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N',
];
const WORDS =
  'the a of parser request handler buffer overflow remote attacker crafted input denial service memory path traversal injection header cookie session token validation escape sandbox prototype pollution regular expression backtracking deserialization untrusted archive symlink race condition integer signed heap use after free'.split(
    ' ',
  );

/** The size of each ecosystem's name pool for a number of records. */
export function pools(records) {
  const total = Math.max(100, Math.round(records / 4));
  return Object.fromEntries(MIX.map(([e, w]) => [e, Math.max(10, Math.round(total * w))]));
}

/** The name of package `i` of an ecosystem's pool, as an OSV record spells it. */
export function advisoryName(ecosystem, i) {
  switch (ecosystem) {
    case 'npm':
      return i % 5 === 0 ? `@scope${i % 700}/lib-${i}` : `pkg-${i}`;
    case 'PyPI':
      return i % 3 === 0 ? `Py_Lib.${i}` : `py-lib-${i}`;
    case 'Maven':
      return `org.example${i % 300}:artifact-${i}`;
    case 'Go':
      return `github.com/org${i % 1000}/mod${i}`;
    case 'Packagist':
      return `vendor${i % 400}/package${i}`;
    case 'RubyGems':
      return `gem-${i}`;
    case 'NuGet':
      return `Company${i % 200}.Lib${i}`;
    case 'crates.io':
      return i % 2 === 0 ? `crate-${i}` : `crate_${i}`;
    case 'Debian':
      return `libdeb${i}`;
    default:
      return `apk${i}`;
  }
}

/** The same package as an inventory names it (canonical: PyPI per PEP 503, others as written). */
export function inventoryName(ecosystem, i) {
  const name = advisoryName(ecosystem, i);
  return ecosystem === 'PyPI' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
}

const triple = (rnd) => [Math.floor(rnd() * 10), Math.floor(rnd() * 20), Math.floor(rnd() * 20)];
const cmp = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** A release-line version in the ecosystem's own syntax. */
export function formatVersion(ecosystem, [a, b, c], extra = 0) {
  switch (ecosystem) {
    case 'Debian':
      return extra % 5 === 0 ? `1:${a}.${b}.${c}-${1 + (extra % 3)}` : `${a}.${b}.${c}-${1 + (extra % 3)}`;
    case 'Alpine':
      return `${a}.${b}.${c}-r${extra % 4}`;
    case 'NuGet':
      return extra % 4 === 0 ? `${a}.${b}.${c}.${extra % 7}` : `${a}.${b}.${c}`;
    default:
      return `${a}.${b}.${c}`;
  }
}

/** A version an inventory might hold: mostly plain, some pre-releases and ecosystem-specific forms. */
export function inventoryVersion(ecosystem, rnd) {
  const t = triple(rnd);
  const r = rnd();
  const plain = formatVersion(ecosystem, t, Math.floor(rnd() * 12));
  if (r > 0.06) return plain;
  switch (ecosystem) {
    case 'npm':
    case 'crates.io':
      return `${plain}-beta.${Math.floor(rnd() * 4)}`;
    case 'PyPI':
      return r < 0.03 ? `${plain}rc1` : `${plain}.post1`;
    case 'Maven':
      return r < 0.03 ? `${plain}.Final` : `${plain}-M1`;
    case 'Go':
      return `0.0.0-2021051701${String(Math.floor(rnd() * 9000) + 1000)}-5ec03a8b1234`;
    case 'RubyGems':
      return `${plain}.pre`;
    case 'NuGet':
      return `${plain}-rc.1`;
    default:
      return `${plain}-beta1`;
  }
}

function pick(list, rnd) {
  return list[Math.floor(rnd() * list.length)];
}

function pickEcosystem(rnd) {
  let u = rnd();
  for (const [e, w] of MIX) {
    if (u < w) return e;
    u -= w;
  }
  return 'npm';
}

/** A skewed index into a pool: low indices (popular packages) far more often than high ones. */
const skewed = (size, rnd) => Math.min(size - 1, Math.floor(size * rnd() ** 2.2));

function text(rnd, min, max) {
  const length = min + Math.floor(rnd() * (max - min));
  let out = '';
  while (out.length < length) out += `${pick(WORDS, rnd)} `;
  return out.slice(0, length).trim();
}

function hex(rnd, n) {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rnd() * 16).toString(16);
  return s;
}

function ghsaId(rnd) {
  const part = () => Array.from({ length: 4 }, () => pick('23456789cfghjmpqrvwx', rnd)).join('');
  return `GHSA-${part()}-${part()}-${part()}`;
}

/** One range and, when the ecosystem lists them, the versions it covers. */
function range(ecosystem, rnd, lines) {
  const type = SEMVER_RANGES.has(ecosystem) ? 'SEMVER' : 'ECOSYSTEM';
  // different release lines per range: range k lies in major version lines[k]
  const major = lines.pop() ?? Math.floor(rnd() * 10);
  const lo = [major, Math.floor(rnd() * 12), Math.floor(rnd() * 10)];
  const hi = [major, lo[1] + Math.floor(rnd() * 8), Math.floor(rnd() * 20)];
  if (cmp(hi, lo) <= 0) hi[1] = lo[1] + 1;
  const extra = Math.floor(rnd() * 12);
  const events = [{ introduced: rnd() < 0.5 ? '0' : formatVersion(ecosystem, lo, extra) }];
  const end = rnd();
  if (end < 0.85) events.push({ fixed: formatVersion(ecosystem, hi, extra) });
  else if (end < 0.95) events.push({ last_affected: formatVersion(ecosystem, hi, extra) });
  const out = { type, events };
  if (rnd() < 0.01) events.push({ limit: formatVersion(ecosystem, [major + 1, 0, 0], extra) });
  if (type === 'ECOSYSTEM' && rnd() < 0.1) out.database_specific = { source: 'https://example.org/ranges' };
  const versions = [];
  if (LISTS_VERSIONS.has(ecosystem) && rnd() < 0.5) {
    const count = 3 + Math.floor(rnd() * 28);
    const from = events[0].introduced === '0' ? [major, 0, 0] : lo;
    for (let k = 0; k < count; k++) {
      const v = [from[0], from[1] + Math.floor(k / 5), (from[2] + k) % 20];
      if (cmp(v, hi) >= 0) break;
      versions.push(formatVersion(ecosystem, v, extra));
    }
  }
  return { range: out, versions };
}

function affectedEntry(ecosystem, full, name, rnd) {
  const count = rnd() < 0.8 ? 1 : rnd() < 0.85 ? 2 : 3;
  const lines = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].sort(() => rnd() - 0.5).slice(0, count);
  const ranges = [];
  const versions = [];
  for (let k = 0; k < count; k++) {
    const r = range(ecosystem, rnd, lines);
    ranges.push(r.range);
    versions.push(...r.versions);
  }
  if ((ecosystem === 'Go' || ecosystem === 'crates.io') && rnd() < 0.03) {
    ranges.push({
      type: 'GIT',
      repo: `https://github.com/example/${name.replace(/[^a-z0-9]+/gi, '-')}`,
      events: [{ introduced: hex(rnd, 40) }, { fixed: hex(rnd, 40) }],
    });
  }
  const entry = { package: { ecosystem: full, name }, ranges, versions };
  if (ecosystem === 'npm' || ecosystem === 'PyPI') entry.package.purl = purlOf(ecosystem, name);
  if (rnd() < 0.3) entry.database_specific = { source: `https://example.org/advisories/${hex(rnd, 8)}.json` };
  if (ecosystem === 'Go' && rnd() < 0.5)
    entry.ecosystem_specific = { imports: [{ path: `${name}/internal`, symbols: ['Parse', 'Decode'] }] };
  return entry;
}

function purlOf(ecosystem, name) {
  return ecosystem === 'npm' ? `pkg:npm/${name.replace('@', '%40')}` : `pkg:pypi/${name.toLowerCase()}`;
}

function idFor(ecosystem, source, n, rnd) {
  if (source === 'GHSA') return ghsaId(rnd);
  switch (ecosystem) {
    case 'PyPI':
      return `PYSEC-2024-${n}`;
    case 'Go':
      return `GO-2024-${n}`;
    case 'crates.io':
      return `RUSTSEC-2024-${n}`;
    case 'Debian':
      return `DEBIAN-CVE-2024-${n}`;
    case 'Alpine':
      return `ALPINE-CVE-2024-${n}`;
    default:
      return `OSV-2024-${n}`;
  }
}

/**
 * `count` OSV records, generated one vulnerability at a time (one CVE, one or two records), handed to
 * `emit(ecosystem, record)`. Returns counts for the report.
 */
export function generateRecords(count, emit, seed = 5) {
  const rnd = random(seed);
  const size = pools(count);
  const stats = { records: 0, affected: 0, withdrawn: 0, byEcosystem: {} };
  let cve = 0;
  while (stats.records < count) {
    const ecosystem = pickEcosystem(rnd);
    cve++;
    const cveId = `CVE-2024-${String(cve).padStart(5, '0')}`;
    const names = [advisoryName(ecosystem, skewed(size[ecosystem], rnd))];
    const extra = rnd();
    if (extra > 0.85) names.push(advisoryName(ecosystem, skewed(size[ecosystem], rnd)));
    if (extra > 0.97) names.push(advisoryName(ecosystem, skewed(size[ecosystem], rnd)));
    const os = ecosystem === 'Debian' || ecosystem === 'Alpine';
    const twin = !os && rnd() < 0.25 && ecosystem !== 'npm' && stats.records + 1 < count;
    const sources = twin ? ['GHSA', 'OTHER'] : [os || (ecosystem === 'Go' && rnd() < 0.5) ? 'OTHER' : 'GHSA'];
    const ids = sources.map((s) => idFor(ecosystem, s, cve, rnd));
    for (const [k, id] of ids.entries()) {
      const affected = [];
      for (const name of names) {
        for (const full of RELEASES[ecosystem] ?? [ecosystem])
          affected.push(affectedEntry(ecosystem, full, name, rnd));
      }
      const record = {
        schema_version: '1.6.0',
        id,
        modified: `2024-${String(1 + (cve % 12)).padStart(2, '0')}-${String(1 + (cve % 28)).padStart(2, '0')}T12:00:00Z`,
        published: '2024-01-15T08:30:00Z',
        aliases: [cveId, ...ids.filter((_, j) => j !== k)],
        summary: text(rnd, 30, 90),
        details: text(rnd, 150, 900),
        affected,
        references: Array.from({ length: 1 + Math.floor(rnd() * 5) }, (_, j) => ({
          type: j === 0 ? 'ADVISORY' : pick(['WEB', 'FIX', 'PACKAGE', 'REPORT'], rnd),
          url: `https://example.org/${id}/${j}`,
        })),
      };
      const s = rnd();
      if (s < 0.6) record.severity = [{ type: 'CVSS_V3', score: pick(VECTORS_V3, rnd) }];
      else if (s < 0.7) record.severity = [{ type: 'CVSS_V4', score: pick(VECTORS_V4, rnd) }];
      if (rnd() < 0.01) {
        record.withdrawn = '2024-12-01T00:00:00Z';
        stats.withdrawn++;
      }
      if (id.startsWith('GHSA-'))
        record.database_specific = { github_reviewed: true, severity: 'HIGH', cwe_ids: ['CWE-79'] };
      emit(ecosystem, record);
      stats.records++;
      stats.affected += affected.length;
      stats.byEcosystem[ecosystem] = (stats.byEcosystem[ecosystem] ?? 0) + 1;
      if (stats.records >= count) break;
    }
  }
  return stats;
}

/**
 * Write `count` records as one zip per ecosystem (`DIR/<ecosystem>/all.zip`, as osv.dev publishes them),
 * or as one JSON file each (`layout: 'files'`). Resolves with the generator's counts.
 */
export async function writeRecords(dir, count, layout = 'zip') {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  if (layout === 'files') {
    const stats = generateRecords(count, (ecosystem, record) => {
      const folder = path.join(dir, ecosystem);
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, `${record.id}.json`), JSON.stringify(record));
    });
    return stats;
  }
  const zips = new Map();
  const stats = generateRecords(count, (ecosystem, record) => {
    let zip = zips.get(ecosystem);
    if (!zip) {
      fs.mkdirSync(path.join(dir, ecosystem), { recursive: true });
      zip = new ZipWriter(path.join(dir, ecosystem, 'all.zip'));
      zips.set(ecosystem, zip);
    }
    zip.add(`${record.id}.json`, Buffer.from(JSON.stringify(record)));
  });
  for (const zip of zips.values()) zip.end();
  return stats;
}

/**
 * An inventory of `count` packages over the language ecosystems: `hitShare` of its names come from the
 * records' pools (so some of their versions are affected), the rest are names no record mentions. Each
 * name has 1-3 versions; a tenth of the packages are direct, the others hang below one or two earlier
 * packages of the same ecosystem.
 */
export function generateInventory(records, count, { hitShare = 0.5, seed = 7 } = {}) {
  const rnd = random(seed);
  const size = pools(records);
  const packages = [];
  const dependencies = [];
  const seen = new Set();
  const byEcosystem = new Map();
  let n = 0;
  while (packages.length < count) {
    n++;
    const ecosystem = pick(LANGUAGE_ECOSYSTEMS, rnd);
    const hit = rnd() < hitShare;
    const name = hit
      ? inventoryName(ecosystem, Math.floor(rnd() * size[ecosystem]))
      : `${inventoryName(ecosystem, n)}-clean`;
    const copies = rnd() < 0.7 ? 1 : rnd() < 0.7 ? 2 : 3;
    for (let k = 0; k < copies && packages.length < count; k++) {
      const version = inventoryVersion(ecosystem, rnd);
      const purl = `pkg:${purlTypes[ecosystem]}/${encodeURIComponent(name)}@${encodeURIComponent(version)}`;
      if (seen.has(purl)) continue;
      seen.add(purl);
      const list = byEcosystem.get(ecosystem) ?? [];
      byEcosystem.set(ecosystem, list);
      const direct = list.length === 0 || rnd() < 0.1;
      packages.push({
        ecosystem,
        name,
        version,
        purl,
        scope: 'prod',
        direct,
        licenses: [],
        locations: [{ path: `services/app${packages.length % 50}/lockfile` }],
      });
      if (!direct) {
        const parents = 1 + Math.floor(rnd() * 2);
        for (let p = 0; p < parents; p++) {
          const from = list[Math.floor(rnd() * list.length)];
          dependencies.push({ from, to: purl });
        }
      }
      list.push(purl);
    }
  }
  return { packages, dependencies };
}

const purlTypes = {
  npm: 'npm',
  PyPI: 'pypi',
  Maven: 'maven',
  Go: 'golang',
  Packagist: 'composer',
  RubyGems: 'gem',
  NuGet: 'nuget',
  'crates.io': 'cargo',
};

/** A package-lock.json (v3) of `count` npm packages, `hitShare` of them named like records. */
export function writeLockfile(dir, records, count, { hitShare = 0.5, seed = 11 } = {}) {
  const rnd = random(seed);
  const size = pools(records).npm;
  const packages = { '': { name: 'app', version: '1.0.0', dependencies: {} } };
  let n = 0;
  while (Object.keys(packages).length - 1 < count) {
    n++;
    const name = rnd() < hitShare ? advisoryName('npm', Math.floor(rnd() * size)) : `clean-${n}`;
    const key = `node_modules/${name}`;
    if (packages[key]) continue;
    const version = inventoryVersion('npm', rnd);
    packages[''].dependencies[name] = version;
    packages[key] = { version, license: 'MIT' };
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package-lock.json'),
    JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, packages }),
  );
}

/**
 * A minimal zip writer (deflated entries, Zip64 end records past 65,535 entries), written here because
 * the zip libraries at hand took ~0.3 ms per small entry: 500,000 records would take minutes.
 */
class ZipWriter {
  constructor(file) {
    this.fd = fs.openSync(file, 'w');
    this.offset = 0;
    this.pending = [];
    this.pendingBytes = 0;
    this.central = [];
    this.count = 0;
  }

  add(name, data) {
    const nameBytes = Buffer.from(name);
    const packed = zlib.deflateRawSync(data, { level: 1 });
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x5821, 12); // 2024-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(0x0314, 4); // made by: Unix, 2.0
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(8, 10);
    header.writeUInt16LE(0, 12);
    header.writeUInt16LE(0x5821, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(packed.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    header.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    header.writeUInt32LE(this.offset, 42);
    this.central.push(header, nameBytes);
    this.write(local);
    this.write(nameBytes);
    this.write(packed);
    this.count++;
  }

  write(buffer) {
    this.pending.push(buffer);
    this.pendingBytes += buffer.length;
    this.offset += buffer.length;
    if (this.pendingBytes > 4 * 1024 * 1024) this.flush();
  }

  flush() {
    if (this.pending.length > 0) fs.writeSync(this.fd, Buffer.concat(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }

  end() {
    const start = this.offset;
    for (const part of this.central) this.write(part);
    const size = this.offset - start;
    const many = this.count > 0xffff;
    if (many) {
      const zip64 = Buffer.alloc(56 + 20);
      const at = this.offset;
      zip64.writeUInt32LE(0x06064b50, 0);
      zip64.writeBigUInt64LE(44n, 4);
      zip64.writeUInt16LE(45, 12);
      zip64.writeUInt16LE(45, 14);
      zip64.writeBigUInt64LE(BigInt(this.count), 24);
      zip64.writeBigUInt64LE(BigInt(this.count), 32);
      zip64.writeBigUInt64LE(BigInt(size), 40);
      zip64.writeBigUInt64LE(BigInt(start), 48);
      zip64.writeUInt32LE(0x07064b50, 56);
      zip64.writeBigUInt64LE(BigInt(at), 64);
      zip64.writeUInt32LE(1, 72);
      this.write(zip64);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(many ? 0xffff : this.count, 8);
    end.writeUInt16LE(many ? 0xffff : this.count, 10);
    end.writeUInt32LE(size, 12);
    end.writeUInt32LE(start, 16);
    this.write(end);
    this.flush();
    fs.closeSync(this.fd);
  }
}
