import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bench, describe } from 'vitest';
import { type CorpusCase, generateLicenseCorpus, generateSpdxTree, POPULAR } from './license-corpus.js';
import { bin } from './support.js';

/**
 * Issue 4's license detection benchmark: accuracy and files/second of `ospo license detect` against
 * Debian's ruby-licensee (`apt-get install ruby-licensee`; benchmark only) on a labelled corpus made
 * from the SPDX texts (license-corpus.ts), and the SPDX header scan of a 10,000-file source tree.
 * OSPO_BIN runs another build of the CLI (default bin/ospo.js, which needs `npm run build`);
 * OSPO_DIST is the matching dist folder for the in-process engine loop.
 */
const data = path.resolve('bench/.data');
const corpus = path.join(data, 'license-corpus');
const tree = path.join(data, 'spdx-tree-10000');
const ospoBin = process.env.OSPO_BIN ?? bin;
const dist = path.resolve(process.env.OSPO_DIST ?? 'dist');
const hasLicensee = spawnSync('licensee', ['version'], { encoding: 'utf8' }).status === 0;
const figures: Record<string, string | number> = {};
let cases: CorpusCase[] = [];

/** Licensee says GPL-2.0 for the GNU texts: the deprecated id, which means -only. */
const LICENSEE_IDS: Record<string, string> = {
  'GPL-2.0': 'GPL-2.0-only',
  'GPL-3.0': 'GPL-3.0-only',
  'LGPL-2.1': 'LGPL-2.1-only',
  'LGPL-3.0': 'LGPL-3.0-only',
  'AGPL-3.0': 'AGPL-3.0-only',
  'GPL-2.0+': 'GPL-2.0-or-later',
  'GPL-3.0+': 'GPL-3.0-or-later',
};

function ospo(args: string[]) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [ospoBin, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  return { ...result, seconds: (performance.now() - started) / 1000 };
}

function ospoOnCorpus(): Map<string, string | null> {
  const r = ospo(['license', 'detect', corpus, '--format', 'json', '--headers', 'off']);
  if (r.status !== 0) throw new Error(`ospo exited ${r.status}: ${r.stderr}`);
  const report = JSON.parse(r.stdout) as { files: { path: string; license: string | null }[] };
  figures.ospoCorpusSeconds = r.seconds;
  return new Map(report.files.map((f) => [f.path, f.license]));
}

function licenseeOn(file: string): string | null {
  const r = spawnSync('licensee', ['detect', '--json', file], { encoding: 'utf8' });
  if (r.status !== 0 && r.stdout.trim() === '') return null;
  try {
    const json = JSON.parse(r.stdout) as { matched_files?: { matched_license?: string }[] };
    const id = json.matched_files?.[0]?.matched_license;
    if (!id) return null;
    return LICENSEE_IDS[id] ?? id;
  } catch {
    return null;
  }
}

/** Expressions compared as sets of terms: "A AND B" is "B AND A". */
function canonical(expression: string | null): string | null {
  if (expression === null) return null;
  const flat = expression.replace(/[()]/g, '');
  const op = flat.includes(' AND ') ? ' AND ' : ' OR ';
  return flat.split(op).sort().join(op);
}

function correct(expected: string | null, got: string | null): boolean {
  if (expected?.startsWith('not:')) {
    return (
      got !== null && got !== expected.slice(4) && (got.includes('LicenseRef-') || got === 'NOASSERTION')
    );
  }
  return canonical(expected) === canonical(got);
}

function accuracy(predictions: Map<string, string | null>, subset: CorpusCase[]) {
  const ok = subset.filter((c) => correct(c.expected, predictions.get(c.file) ?? null)).length;
  return `${ok}/${subset.length} (${((100 * ok) / Math.max(1, subset.length)).toFixed(1)}%)`;
}

let ospoPredictions = new Map<string, string | null>();
const licenseePredictions = new Map<string, string | null>();

/** Generate the data and take ospo's predictions once (Vitest's bench mode runs no hooks before benches). */
function ready(): void {
  if (cases.length > 0) return;
  cases = generateLicenseCorpus(corpus);
  if (!fs.existsSync(path.join(tree, 'LICENSE'))) generateSpdxTree(tree, 10_000);
  ospoPredictions = ospoOnCorpus();
}

/** Accuracy per variant and every throughput figure: printed, and kept in bench/.data for RESULTS.md. */
function report(): void {
  {
    const byVariant = new Map<string, CorpusCase[]>();
    for (const c of cases) byVariant.set(c.variant, [...(byVariant.get(c.variant) ?? []), c]);
    const popular = cases.filter((c) => !c.variant.startsWith('other'));
    console.log(
      `\ncorpus: ${cases.length} files (${popular.length} of the ${POPULAR.length} popular licenses' variants)`,
    );
    console.log('variant | files | ospo | licensee');
    for (const [variant, list] of byVariant) {
      const lic = hasLicensee ? accuracy(licenseePredictions, list) : '-';
      console.log(`${variant} | ${list.length} | ${accuracy(ospoPredictions, list)} | ${lic}`);
    }
    console.log(
      `all | ${cases.length} | ${accuracy(ospoPredictions, cases)} | ${hasLicensee ? accuracy(licenseePredictions, cases) : '-'}`,
    );
    console.log(
      `popular only | ${popular.length} | ${accuracy(ospoPredictions, popular)} | ${hasLicensee ? accuracy(licenseePredictions, popular) : '-'}`,
    );
    for (const [k, v] of Object.entries(figures))
      console.log(`${k}: ${typeof v === 'number' ? v.toFixed(3) : v}`);
    const wrong = cases
      .filter((c) => !correct(c.expected, ospoPredictions.get(c.file) ?? null))
      .map(
        (c) => `${c.file} [${c.variant}] expected ${c.expected} got ${ospoPredictions.get(c.file) ?? null}`,
      );
    fs.writeFileSync(path.join(data, 'license-bench-wrong.txt'), `${wrong.join('\n')}\n`);
    fs.writeFileSync(
      path.join(data, 'license-bench-results.json'),
      JSON.stringify({ figures, ospo: [...ospoPredictions], licensee: [...licenseePredictions] }, null, 1),
    );
  }
}

describe('license detection', () => {
  bench(
    'ospo license detect CORPUS --format json (one process, all files)',
    () => {
      ready();
      const r = ospo(['license', 'detect', corpus, '--format', 'json', '--headers', 'off']);
      if (r.status !== 0) throw new Error(r.stderr);
      figures.ospoCorpusFilesPerSecond = cases.length / r.seconds;
    },
    { iterations: 5, warmupIterations: 1, time: 0 },
  );

  bench(
    'ospo license detect FILE --format json (a new process per file)',
    () => {
      ready();
      const started = performance.now();
      for (const c of cases) ospo(['license', 'detect', path.join(corpus, c.file), '--format', 'json']);
      figures.ospoPerFileFilesPerSecond = cases.length / ((performance.now() - started) / 1000);
    },
    { iterations: 1, warmupIterations: 0, warmupTime: 0, time: 0 },
  );

  bench.skipIf(!hasLicensee)(
    'licensee detect --json FILE (a new process per file)',
    () => {
      ready();
      const started = performance.now();
      for (const c of cases) licenseePredictions.set(c.file, licenseeOn(path.join(corpus, c.file)));
      figures.licenseePerFileFilesPerSecond = cases.length / ((performance.now() - started) / 1000);
    },
    { iterations: 1, warmupIterations: 0, warmupTime: 0, time: 0 },
  );

  bench(
    'ospo detector in-process (after the index is built)',
    () => {
      ready();
      const r = spawnSync(process.execPath, [path.resolve('bench/license-engine.mjs'), dist, corpus], {
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(r.stderr);
      Object.assign(figures, JSON.parse(r.stdout));
    },
    { iterations: 1, warmupIterations: 0, warmupTime: 0, time: 0 },
  );

  bench.skipIf(!hasLicensee)(
    'licensee in-process (Ruby API, one process)',
    () => {
      ready();
      const r = spawnSync('ruby', [path.resolve('bench/licensee-engine.rb'), corpus], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      Object.assign(figures, JSON.parse(r.stdout));
    },
    { iterations: 1, warmupIterations: 0, warmupTime: 0, time: 0 },
  );

  bench(
    'ospo license detect TREE (10,000 source files, SPDX headers)',
    () => {
      ready();
      const r = ospo(['license', 'detect', tree, '--format', 'json']);
      if (r.status !== 0) throw new Error(r.stderr);
      const report = JSON.parse(r.stdout) as { spdx_headers: { files_with_header: number } };
      figures.headerTreeSeconds = r.seconds;
      figures.headerTreeFilesWithHeader = report.spdx_headers.files_with_header;
    },
    { iterations: 5, warmupIterations: 1, time: 0 },
  );

  bench('report (accuracy and files/second, printed and saved)', report, {
    iterations: 1,
    warmupIterations: 0,
    warmupTime: 0,
    time: 0,
  });
});
