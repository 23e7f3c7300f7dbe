import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { parse as parseToml } from 'smol-toml';
import { afterAll, beforeAll, bench, describe } from 'vitest';

import { formats, generateMonorepo } from './generate-monorepo.js';
import { bin } from './support.js';

/**
 * Issue 3's scan benchmark. A synthetic monorepo of 10 formats x FILES lockfiles x PACKAGES entries
 * (defaults 100 x 1,000: 1,000 files, 1,000,000 entries), scanned by `ospo scan --format json`, by
 * cdxgen (when bench/.data/peers has it: see bench/README.md), and read-and-parsed by a baseline that
 * only reads every file and runs the format's parser. Wall time and peak RSS come from /usr/bin/time.
 */
const filesPerFormat = Number(process.env.OSPO_BENCH_FILES ?? 100);
const packagesPerFile = Number(process.env.OSPO_BENCH_PACKAGES ?? 1000);
const data = path.resolve('bench/.data');
const tree = path.join(data, `monorepo-${filesPerFormat}x${packagesPerFile}`);
const cdxgen = path.join(data, 'peers/node_modules/.bin/cdxgen');
/** cdxgen takes many minutes on the full tree: it runs only when asked for (OSPO_BENCH_PEERS=1). */
const runPeers = process.env.OSPO_BENCH_PEERS === '1' && fs.existsSync(cdxgen);
const rows: string[][] = [];

function timed(command: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 1024 * 1024 * 1024,
  });
  const last = result.stderr.trim().split('\n').pop() ?? '';
  const [seconds, kb] = last.split(' ').map(Number);
  return {
    status: result.status,
    seconds: seconds ?? Number.NaN,
    mb: (kb ?? Number.NaN) / 1024,
    stderr: result.stderr,
  };
}

function readAndParse(): number {
  const started = performance.now();
  let count = 0;
  for (const dir of fs.readdirSync(tree)) {
    for (const project of fs.readdirSync(path.join(tree, dir))) {
      for (const file of fs.readdirSync(path.join(tree, dir, project))) {
        const text = fs.readFileSync(path.join(tree, dir, project, file), 'utf8');
        if (file.endsWith('.json') || file === 'composer.lock') JSON.parse(text);
        else if (file.endsWith('.yaml')) loadYaml(text, { schema: CORE_SCHEMA, json: true });
        else if (file.endsWith('.lock') && text.includes('[[package]]')) parseToml(text);
        // yarn.lock v1, go.mod, Gemfile.lock and requirements.txt have no general-purpose parser: lines
        else text.split('\n');
        count++;
      }
    }
  }
  if (count !== formats.length * filesPerFormat) throw new Error(`read ${count} files`);
  return (performance.now() - started) / 1000;
}

describe('scan a synthetic monorepo', () => {
  beforeAll(() => {
    if (!fs.existsSync(tree)) generateMonorepo({ out: tree, filesPerFormat, packagesPerFile });
  });

  afterAll(() => {
    console.log(
      `\nmonorepo: ${formats.length * filesPerFormat} files, ${formats.length * filesPerFormat * packagesPerFile} entries`,
    );
    console.log(['tool', 'wall s', 'peak MiB', 'entries/s', 'note'].join(' | '));
    for (const row of rows) console.log(row.join(' | '));
  });

  bench(
    'ospo scan --format json',
    () => {
      const r = timed(process.execPath, [
        bin,
        'scan',
        tree,
        '--format',
        'json',
        '-o',
        path.join(data, 'ospo.json'),
      ]);
      if (r.status !== 0) throw new Error(`ospo scan failed: ${r.stderr.slice(-2000)}`);
      const report = JSON.parse(fs.readFileSync(path.join(data, 'ospo.json'), 'utf8')) as {
        packages: unknown[];
        files: unknown[];
        errors: unknown[];
      };
      const entries = formats.length * filesPerFormat * packagesPerFile;
      rows.push([
        'ospo scan',
        r.seconds.toFixed(2),
        r.mb.toFixed(0),
        Math.round(entries / r.seconds).toLocaleString('en'),
        `${report.files.length} files, ${report.packages.length} unique packages, ${report.errors.length} errors`,
      ]);
    },
    { iterations: 2, warmupIterations: 0, time: 0 },
  );

  bench(
    'read and parse only (baseline)',
    () => {
      const seconds = readAndParse();
      rows.push([
        'read+parse baseline (in-process)',
        seconds.toFixed(2),
        '-',
        '-',
        'JSON.parse, yaml, smol-toml, split',
      ]);
    },
    { iterations: 2, warmupIterations: 0, time: 0 },
  );

  bench.skipIf(!runPeers)(
    'cdxgen -r --no-install-deps',
    () => {
      const out = path.join(data, 'cdxgen.json');
      const r = timed(cdxgen, ['-r', '--no-install-deps', '-o', out, tree], {
        FETCH_LICENSE: 'false',
        CDXGEN_DEBUG_MODE: '',
      });
      const bom = fs.existsSync(out)
        ? (JSON.parse(fs.readFileSync(out, 'utf8')) as { components?: unknown[] })
        : { components: [] };
      const entries = formats.length * filesPerFormat * packagesPerFile;
      rows.push([
        'cdxgen',
        r.seconds.toFixed(2),
        r.mb.toFixed(0),
        Math.round(entries / r.seconds).toLocaleString('en'),
        `exit ${r.status}, ${bom.components?.length ?? 0} components`,
      ]);
    },
    { iterations: 1, warmupIterations: 0, time: 0 },
  );
});
