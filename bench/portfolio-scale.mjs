// The portfolio home and the package page at scale (issue 6): N projects, each with a newest scan of M
// packages drawn from a shared pool (so packages overlap, as in a real portfolio), some licenses the
// default policy denies or sends to review; then GET /api/v1/portfolio's service and the package
// page's service, timed in-process on a fresh PGlite store (or PostgreSQL with --pg-url).
//
// Usage: node bench/portfolio-scale.mjs [--projects 200] [--packages 500] [--pool 5000] [--runs 3]
//          [--dist bench/.data/build-portfolio/dist] [--pg-url postgres://postgres@127.0.0.1:5432/]
//          [--data-dir DIR (a new PGlite folder, kept afterwards)]
// Build first: `npx tsc -p tsconfig.build.json --outDir bench/.data/build-portfolio/dist` (or
// `npm run build:server` and --dist dist). Rows go in with set-based SQL, not through saveScan, so
// seeding takes seconds; nothing is matched against advisories (the findings side is measured by
// bench/vulns-scale.mjs).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';

const args = parseArgs(process.argv.slice(2), {
  projects: '200',
  packages: '500',
  pool: '5000',
  runs: '3',
  dist: 'bench/.data/build-portfolio/dist',
  'pg-url': '',
  'data-dir': '',
});
const dist = pathToFileURL(path.resolve(args.dist)).href;
const { openStore } = await import(`${dist}/store/index.js`);
const { portfolioHome } = await import(`${dist}/services/portfolio.js`);
const { packageReport } = await import(`${dist}/services/packages.js`);
const { portfolioLicenses } = await import(`${dist}/services/compliance/verdicts.js`);

const local = { kind: 'local', name: 'bench' };
const N = Number(args.projects);
const M = Number(args.packages);
const POOL = Number(args.pool);

let config;
let cleanup = async () => {};
if (args['pg-url']) {
  const admin = new pg.Client({ connectionString: args['pg-url'] });
  await admin.connect();
  await admin.query('drop database if exists portfoliobench with (force)');
  await admin.query('create database portfoliobench');
  await admin.end();
  const url = new URL(args['pg-url']);
  url.pathname = '/portfoliobench';
  config = { kind: 'postgres', url: url.toString() };
  cleanup = async () => {
    const again = new pg.Client({ connectionString: args['pg-url'] });
    await again.connect();
    await again.query('drop database if exists portfoliobench with (force)');
    await again.end();
  };
} else if (args['data-dir']) {
  config = { kind: 'pglite', dataDir: args['data-dir'] };
} else {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-portfolio-bench-'));
  config = { kind: 'pglite', dataDir };
  cleanup = async () => fs.rmSync(dataDir, { recursive: true, force: true });
}

const store = await openStore(config);
const db = store.database.db;
const t0 = performance.now();
await sql`insert into packages (purl, ecosystem, name, version)
  select 'pkg:npm/pkg-' || i || '@1.0.0', 'npm', 'pkg-' || i, '1.0.0' from generate_series(0, ${POOL - 1}) i`.execute(
  db,
);
await sql`insert into projects (name, lifecycle, relation)
  select 'project-' || lpad(i::text, 5, '0'), 'production', 'uses' from generate_series(1, ${N}) i`.execute(
  db,
);
await sql`insert into scans (project_id, created_by, source, tool_version, package_count, edge_count, created_at)
  select id, 'local:bench', 'sbom', 'bench', ${M}, 0, now() - (random() * 60 || ' days')::interval
  from projects`.execute(db);
// each project: M consecutive pool entries from a start drawn from its scan's id (a lateral random() would
// be drawn once for all); 1 in 50 GPL, 1 in 50 LGPL, 1 in 100 none
await sql`insert into scan_packages (scan_id, package_id, scope, direct, licenses)
  select s.id, p.id, 'prod', true,
    case when p.id % 50 = 0 then '{GPL-3.0-only}'::text[] when p.id % 50 = 1 then '{LGPL-2.1-only}'::text[]
         when p.id % 100 = 2 then '{}'::text[] else '{MIT}'::text[] end
  from scans s
  cross join lateral (select abs(hashtext(s.id::text)) % ${POOL - M} as start) r
  join packages p on p.id between r.start + 1 and r.start + ${M}`.execute(db);
const seeded = performance.now() - t0;

const time = async (label, fn) => {
  const samples = [];
  let result;
  for (let i = 0; i < Number(args.runs); i++) {
    const start = performance.now();
    result = await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  console.log(
    `${label}: mean ${mean.toFixed(0)} ms, min ${samples[0].toFixed(0)} ms, max ${samples.at(-1).toFixed(0)} ms`,
  );
  return result;
};

console.log(
  `${config.kind}: ${N} projects x ${M} packages (pool ${POOL}), ${N * M} scan rows, seeded in ${(seeded / 1000).toFixed(1)} s`,
);
const home = await time('portfolioHome (GET /api/v1/portfolio)', () => portfolioHome(store, local));
await time('  of which portfolioLicenses', () => portfolioLicenses(store, local));
await time('  of which newestPerProject', () => store.repos.scans.newestPerProject());
const { rows: top } = await sql`select p.name from scan_packages sp join packages p on p.id = sp.package_id
  group by p.name order by count(*) desc limit 1`.execute(db);
const popular = await time('packageReport of the most used package', () =>
  packageReport(store, local, { package: top[0].name }),
);
console.log(
  `home: ${home.projects.total} projects, ${home.risk.atRisk} at risk, ${home.freshness.stale.count} stale; ` +
    `package: ${popular.projects} projects`,
);
await store.close();
await cleanup();

function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]?.replace(/^--/, '');
    if (key && key in out) out[key] = argv[++i] ?? '';
  }
  return out;
}
