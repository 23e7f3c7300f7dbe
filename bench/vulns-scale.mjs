// The vulnerability benchmark at scale (issue 5): import N synthetic OSV records into a fresh store,
// match an inventory of M packages against them, and run `ospo vulns` on a lockfile, on PGlite and on
// PostgreSQL. Data from bench/osv-scale-data.mjs, generated once into bench/.data/ and reused.
//
// Usage: node bench/vulns-scale.mjs [--records 500000] [--packages 100000] [--lockfile 2000]
//          [--store pglite|postgres|both] [--layout zip|files] [--runs 3] [--import-runs 1]
//          [--steps import,match,cli]
//          [--pg-url postgres://postgres@127.0.0.1:5432/] [--dist dist] [--tag NAME]
// Build first (`npm run build:server`); --dist (or OSPO_DIST) points at another build, whose CLI is
// DIST/cli/main.js (with a package.json beside DIST, as `ospo --version` reads it). The PostgreSQL
// database `osvbench5_RECORDS` on --pg-url's server is dropped and made anew by the import step.
// Timings of import and matching are in-process (the services the CLI calls, without process start and
// opening the store); `ospo vulns` is a whole new process each run. --tag keeps a second pair of stores
// (database `osvbench5_RECORDS_NAME`, folder `vulns-scale-pglite-RECORDS-NAME`), e.g. for the code
// before a change whose migration the other build would refuse.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { generateInventory, writeLockfile, writeRecords } from './osv-scale-data.mjs';

const args = parseArgs(process.argv.slice(2), {
  records: '500000',
  packages: '100000',
  lockfile: '2000',
  store: 'both',
  layout: 'zip',
  runs: '3',
  'import-runs': '1',
  steps: 'import,match,cli',
  'pg-url': process.env.OSPO_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/',
  dist: process.env.OSPO_DIST ?? 'dist',
  tag: '',
});
const records = Number(args.records);
const packageCount = Number(args.packages);
const lockCount = Number(args.lockfile);
const runs = Number(args.runs);
const importRuns = Number(args['import-runs']);
const steps = new Set(args.steps.split(','));
const stores = args.store === 'both' ? ['pglite', 'postgres'] : [args.store];
const dist = path.resolve(args.dist);
const data = path.resolve('bench/.data');
const osvDir = path.join(data, `osv-scale-${records}-${args.layout}`);
const lockDir = path.join(data, `vulns-scale-lock-${records}-${lockCount}`);
const tag = args.tag ? `_${args.tag.replace(/[^a-z0-9]/gi, '').toLowerCase()}` : '';
const dbName = `osvbench5_${records}${tag}`;

const { openStore } = await import(pathToFileURL(path.join(dist, 'store/index.js')).href);
const { importAdvisories } = await import(
  pathToFileURL(path.join(dist, 'services/vulnerabilities/import.js')).href
);
const { matchInventory } = await import(
  pathToFileURL(path.join(dist, 'services/vulnerabilities/match.js')).href
);

const rows = [];
const log = (line) => process.stderr.write(`${line}\n`);

await prepareData();
const inventory = generateInventory(records, packageCount);
for (const kind of stores) await benchStore(kind);
printTable();

async function prepareData() {
  const marker = `${osvDir}.stats.json`;
  if (!fs.existsSync(marker)) {
    log(`generating ${records} records (${args.layout}) into ${osvDir} ...`);
    const started = performance.now();
    const stats = await writeRecords(osvDir, records, args.layout);
    fs.writeFileSync(marker, JSON.stringify(stats, null, 2));
    log(`  done in ${seconds(performance.now() - started)} s: ${JSON.stringify(stats)}`);
  }
  if (!fs.existsSync(path.join(lockDir, 'package-lock.json'))) writeLockfile(lockDir, records, lockCount);
}

async function benchStore(kind) {
  let config = await freshStore(kind, false);
  if (steps.has('import')) {
    const times = [];
    const cpu = [];
    let note = '';
    let read = 0;
    for (let i = 0; i < importRuns; i++) {
      config = await freshStore(kind, true);
      const fresh = await openStore(config);
      try {
        log(`${kind}: importing ${osvDir} (run ${i + 1}) ...`);
        const started = performance.now();
        const before = process.cpuUsage();
        const report = await importAdvisories(fresh, { kind: 'local', name: 'bench' }, [osvDir]);
        times.push(performance.now() - started);
        cpu.push(cpuMs(before));
        if (report.skipped.length > 0)
          log(`  skipped ${report.skipped.length}: ${JSON.stringify(report.skipped[0])}`);
        note = `${report.inserted + report.updated} stored`;
        log(
          `  ${seconds(times[i])} s, ${rate(report.read, times[i])} records/s, CPU ${seconds(cpu[i])} s, load ${loadAverage()}`,
        );
        read = report.read;
      } finally {
        await fresh.close();
      }
    }
    const rates = times.map((ms) => rate(read, ms));
    add(
      kind,
      `import ${read.toLocaleString('en')} records (${args.layout}), in-process`,
      times,
      `${rates.join(', ')} records/s; ${note}`,
      cpu,
    );
  }
  const store = await openStore(config);
  try {
    if (steps.has('match')) {
      const times = [];
      const cpu = [];
      let found = null;
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        const before = process.cpuUsage();
        found = await matchInventory(store, inventory);
        times.push(performance.now() - started);
        cpu.push(cpuMs(before));
        log(
          `${kind}: match run ${i + 1}: ${seconds(times[i])} s, CPU ${seconds(cpu[i])} s, load ${loadAverage()}`,
        );
      }
      const s = found.summary;
      add(
        kind,
        `matchInventory, ${packageCount.toLocaleString('en')} packages, in-process`,
        times,
        `${s.findings} findings, ${found.problems.length} problems`,
        cpu,
      );
    }
  } finally {
    await store.close();
  }
  if (steps.has('cli')) {
    const times = [];
    const cpu = [];
    let summary = '';
    for (let i = 0; i < runs; i++) {
      const env = { ...process.env, NO_COLOR: '1' };
      if (kind === 'pglite') {
        env.OSPO_DATA_DIR = config.dataDir;
        env.DATABASE_URL = '';
      } else env.DATABASE_URL = config.url;
      const started = performance.now();
      const childCpu = childrenCpuMs();
      const result = spawnSync(
        process.execPath,
        [path.join(dist, 'cli/main.js'), 'vulns', lockDir, '-f', 'json'],
        {
          env,
          encoding: 'utf8',
          maxBuffer: 256 * 1024 * 1024,
        },
      );
      times.push(performance.now() - started);
      cpu.push(childrenCpuMs() - childCpu);
      if (result.status !== 0 && result.status !== 1)
        throw new Error(`ospo vulns exited ${result.status}: ${result.stderr}`);
      summary = result.stderr.trim().split('\n').pop() ?? '';
      log(
        `${kind}: ospo vulns run ${i + 1}: ${seconds(times[i])} s, CPU ${seconds(cpu[i])} s, load ${loadAverage()}`,
      );
    }
    add(
      kind,
      `ospo vulns, ${lockCount.toLocaleString('en')}-package lockfile (new process)`,
      times,
      summary.replace(/^matched /, ''),
      cpu,
    );
  }
}

/** A migrated, empty store (or the one already loaded, when the import step is not run). */
async function freshStore(kind, fresh) {
  if (kind === 'pglite') {
    const dataDir = path.join(data, `vulns-scale-pglite-${records}${tag.replace('_', '-')}`);
    if (fresh) fs.rmSync(dataDir, { recursive: true, force: true });
    return { kind: 'pglite', dataDir };
  }
  const url = new URL(args['pg-url']);
  if (fresh) {
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName}`);
    await admin.query(`create database ${dbName}`);
    await admin.end();
  }
  url.pathname = `/${dbName}`;
  return { kind: 'postgres', url: url.toString() };
}

function add(store, what, times, note, cpu = null) {
  rows.push({ store, what, times, note, cpu, load: loadAverage() });
}

/** The 1, 5 and 15 minute load averages, when the step ends. */
function loadAverage() {
  return fs.existsSync('/proc/loadavg')
    ? fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
    : '?';
}

/** CPU time of the child processes waited for so far (Linux: /proc/self/stat, in clock ticks of 10 ms). */
function childrenCpuMs() {
  if (!fs.existsSync('/proc/self/stat')) return 0;
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields from the state (3rd of stat): cutime and cstime are stat's 16th and 17th
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function cpuMs(before) {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

function printTable() {
  const header = ['store', 'measurement', 'runs', 'min', 'max', 'node CPU (min-max)', 'load after', 'note'];
  const body = rows.map((r) => [
    r.store,
    r.what,
    String(r.times.length),
    `${seconds(Math.min(...r.times))} s`,
    `${seconds(Math.max(...r.times))} s`,
    r.cpu ? `${seconds(Math.min(...r.cpu))}-${seconds(Math.max(...r.cpu))} s` : '-',
    r.load,
    r.note,
  ]);
  const load = loadAverage();
  console.log(
    `\nvulns-scale: ${records} records, ${packageCount} packages, node ${process.version}, load ${load}`,
  );
  console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const line of body) console.log(`| ${line.join(' | ')} |`);
}

function seconds(ms) {
  return (ms / 1000).toFixed(2);
}

function rate(count, ms) {
  return Math.round(count / (ms / 1000)).toLocaleString('en');
}

function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]?.replace(/^--/, '');
    if (!key || !(key in defaults))
      throw new Error(`unknown option ${argv[i]}; options: ${Object.keys(defaults).join(', ')}`);
    const value = argv[++i];
    if (value === undefined) throw new Error(`--${key} needs a value`);
    out[key] = value;
  }
  return out;
}
