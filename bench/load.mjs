// The server under load (issue 6): a portfolio of N projects whose newest scans hold N x M scan
// packages (default 500 x 2,000 = 1,000,000), with findings and an audit log, served by the real app
// (startServer, no job workers) over HTTP; autocannon (installed for the benchmark only, see below)
// drives each endpoint for --duration seconds from its own process (bench/load-client.mjs) with an
// admin's read token, cycling through 200 projects, scans or packages for the per-project endpoints.
//
// Usage: node bench/load.mjs [--store pglite|postgres|both] [--projects 500] [--packages 2000]
//          [--pool 20000] [--duration 30] [--connections 10] [--endpoints name,name]
//          [--dist bench/.data/build-load/dist] [--pg-url postgres://postgres@127.0.0.1:5432/]
//          [--out bench/.data/load-results.json] [--keep yes (leave the database for a look)]
// Build first: `npx tsc -p tsconfig.build.json --outDir bench/.data/build-load/dist` (or
// `npm run build:server` and --dist dist). autocannon: `npm install --no-save --prefix bench/.data/tools
// autocannon`. Rows go in with set-based SQL, not through saveScan, so seeding 1,000,000 rows takes a
// minute or two; the first portfolio request (which judges every scan's licenses once and keeps the
// counts) is made and timed before the load starts.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';

const args = parseArgs(process.argv.slice(2), {
  store: 'both',
  projects: '500',
  packages: '2000',
  pool: '20000',
  duration: '30',
  connections: '10',
  endpoints: '',
  dist: 'bench/.data/build-load/dist',
  'pg-url': 'postgres://postgres@127.0.0.1:5432/',
  out: 'bench/.data/load-results.json',
  keep: 'no',
});
const dist = pathToFileURL(path.resolve(args.dist)).href;
const { openStore } = await import(`${dist}/store/index.js`);
const { startServer } = await import(`${dist}/server/serve.js`);
const { createUser } = await import(`${dist}/services/users.js`);
const { createToken } = await import(`${dist}/services/tokens.js`);
if (!fs.existsSync(path.resolve('bench/.data/tools/node_modules/autocannon'))) {
  console.error('autocannon is missing: npm install --no-save --prefix bench/.data/tools autocannon');
  process.exit(2);
}

const N = Number(args.projects);
const M = Number(args.packages);
const POOL = Number(args.pool);
const local = { kind: 'local', name: 'bench' };
const results = [];

for (const kind of args.store === 'both' ? ['postgres', 'pglite'] : [args.store]) {
  const { config, cleanup } = await storeConfig(kind);
  const store = await openStore(config);
  const seededIn = await seed(store);
  const admin = await createUser(store, local, {
    email: 'admin@example.com',
    name: 'Admin',
    role: 'admin',
    password: 'a long enough password',
  });
  const token = await createToken(store, { kind: 'user', user: admin }, { name: 'load', scopes: ['read'] });
  const server = await startServer({
    store,
    host: '127.0.0.1',
    port: 0,
    version: 'bench',
    webRoot: null,
    workers: false,
    log: () => {},
  });
  const get = async (url) => {
    const response = await fetch(`${server.url}${url}`, {
      headers: { authorization: `Bearer ${token.secret}` },
    });
    if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const firstStart = performance.now();
  const home = await get('/api/v1/portfolio');
  const firstPortfolio = performance.now() - firstStart;
  console.log(
    `${kind}: ${N} projects x ${M} packages = ${N * M} scan rows, seeded in ${(seededIn / 1000).toFixed(1)} s; ` +
      `first GET /api/v1/portfolio (judges every scan once) ${(firstPortfolio / 1000).toFixed(1)} s, ` +
      `${home.risk.atRisk} projects at risk`,
  );
  // per-project endpoints cycle through 200 projects (their newest scans, their packages)
  const some = (await get('/api/v1/projects?limit=200')).items;
  const newest = await Promise.all(
    some.map(async (p) => (await get(`/api/v1/projects/${p.id}/scans?limit=1`)).items[0]),
  );
  const endpoints = {
    portfolio: ['/api/v1/portfolio'],
    projects: ['/api/v1/projects?limit=50'],
    'project-scans': some.map((p) => `/api/v1/projects/${p.id}/scans?limit=20`),
    'scan-packages': newest.map((s) => `/api/v1/scans/${s.id}/packages?limit=100`),
    'scan-packages-filtered': newest.map(
      (s, i) => `/api/v1/scans/${s.id}/packages?limit=100&q=pkg-${i % 10}`,
    ),
    findings: ['/api/v1/findings?limit=50'],
    'findings-project': some.map((p) => `/api/v1/findings?limit=50&project=${p.id}`),
    'licenses-summary': ['/api/v1/licenses/summary'],
    'vulnerabilities-summary': ['/api/v1/vulnerabilities/summary'],
    audit: ['/api/v1/audit?limit=50'],
    package: Array.from(
      { length: 200 },
      (_, i) => `/api/v1/packages/${encodeURIComponent(`pkg:npm/pkg-${i * 97}`)}`,
    ),
  };
  const chosen = args.endpoints ? args.endpoints.split(',') : Object.keys(endpoints);
  for (const name of chosen) {
    const paths = endpoints[name];
    if (!paths) throw new Error(`no endpoint ${name}; one of ${Object.keys(endpoints).join(', ')}`);
    for (const url of paths.slice(0, 3)) await get(url); // warm, and fail early on an error answer
    const load = os.loadavg()[0];
    const r = await cannon(server.url, token.secret, paths);
    const row = {
      store: kind,
      endpoint: name,
      url: paths[0],
      paths: paths.length,
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      max: r.latency.max,
      non2xx: r.non2xx,
      errors: r.errors,
      requests: r.requests.total,
      load: Number(load.toFixed(1)),
    };
    results.push(row);
    console.log(
      `  ${name.padEnd(24)} ${String(Math.round(row.rps)).padStart(6)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms` +
        `  max ${row.max} ms  non-2xx ${row.non2xx}  errors ${row.errors}  (${row.paths} paths, load ${row.load})`,
    );
  }
  await server.close();
  await store.close();
  if (args.keep === 'yes') console.log(`  kept: ${JSON.stringify(config)}`);
  else await cleanup();
}
fs.mkdirSync(path.dirname(args.out), { recursive: true });
fs.writeFileSync(args.out, `${JSON.stringify({ at: new Date().toISOString(), args, results }, null, 2)}\n`);
console.log(`results: ${args.out}`);

/** autocannon in its own process (bench/load-client.mjs), so it does not share the server's event loop. */
function cannon(base, secret, paths) {
  const file = path.join(os.tmpdir(), `ospokit-load-paths-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(paths));
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['bench/load-client.mjs', base, secret, args.connections, args.duration, file],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      fs.rmSync(file, { force: true });
      if (code !== 0) return reject(new Error(`load client exited ${code}: ${err}`));
      resolve(JSON.parse(out));
    });
  });
}

async function storeConfig(kind) {
  if (kind === 'postgres') {
    const admin = new pg.Client({ connectionString: args['pg-url'] });
    await admin.connect();
    await admin.query('drop database if exists ospoloadbench with (force)');
    await admin.query('create database ospoloadbench');
    await admin.end();
    const url = new URL(args['pg-url']);
    url.pathname = '/ospoloadbench';
    return {
      config: { kind: 'postgres', url: url.toString() },
      cleanup: async () => {
        const again = new pg.Client({ connectionString: args['pg-url'] });
        await again.connect();
        await again.query('drop database if exists ospoloadbench with (force)');
        await again.end();
      },
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-load-bench-'));
  return {
    config: { kind: 'pglite', dataDir },
    cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

/**
 * N projects, each with an older scan and a newest one of M packages from a shared pool of POOL (so
 * packages overlap as in a real portfolio): 1 in 50 GPL-3.0-only, 1 in 50 LGPL-2.1-only, 1 in 100 with
 * no license; 1 in 40 of a newest scan's packages with a finding; 20,000 audit entries.
 */
async function seed(store) {
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
  for (const age of ['90', '0']) {
    await sql`insert into scans (project_id, created_by, source, tool_version, package_count, edge_count, created_at)
      select id, 'local:bench', 'sbom', 'bench', ${age === '0' ? M : 10}, 0,
        now() - ((${age}::int + random() * 45) || ' days')::interval
      from projects`.execute(db);
  }
  const newest = sql`(select distinct on (project_id) id, project_id from scans
    order by project_id, created_at desc, id desc)`;
  await sql`insert into scan_packages (scan_id, package_id, scope, direct, licenses)
    select s.id, p.id, 'prod', p.id % 10 = 0,
      case when p.id % 50 = 0 then '{GPL-3.0-only}'::text[] when p.id % 50 = 1 then '{LGPL-2.1-only}'::text[]
           when p.id % 100 = 2 then '{}'::text[] else '{MIT}'::text[] end
    from ${newest} s
    cross join lateral (select abs(hashtext(s.id::text)) % ${POOL - M} as start) r
    join packages p on p.id between r.start + 1 and r.start + ${M}
    order by s.id, p.id`.execute(db); // a scan's rows together, as saveScan writes them
  await sql`insert into scan_findings (scan_id, purl, advisory_id, ecosystem, name, version, summary, severity,
      severity_rank, score, first_seen)
    select sp.scan_id, p.purl, 'GHSA-bench-' || p.id, 'npm', p.name, p.version, 'a generated advisory',
      (array['critical', 'high', 'medium', 'low', 'unknown'])[1 + p.id % 5],
      case p.id % 5 when 0 then 4 when 1 then 3 when 2 then 2 when 3 then 1 else 0 end,
      case p.id % 5 when 0 then 9.8 when 1 then 7.5 when 2 then 5.3 when 3 then 3.1 else null end, now()
    from scan_packages sp join packages p on p.id = sp.package_id
    where p.id % 40 = 3 and sp.scan_id in (select id from ${newest} n)`.execute(db);
  await sql`insert into audit_log (actor, action, target_type, target_id, details)
    select 'user:admin@example.com', 'project.create', 'project', null, jsonb_build_object('n', i)
    from generate_series(1, 20000) i`.execute(db);
  await sql`analyze`.execute(db);
  return performance.now() - t0;
}

function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]?.replace(/^--/, '');
    if (key && key in out) out[key] = argv[++i] ?? '';
  }
  return out;
}
