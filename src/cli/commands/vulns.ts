import fs from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { storeConfigFromEnv } from '../../core/config.js';
import { MatchIndex, matchIndexDir } from '../../core/match-index.js';
import { packageVersion } from '../../core/version.js';
import type { OpenStore } from '../../store/index.js';
import { LATEST_MIGRATION } from '../../store/migrations/latest.js';
import { openConfiguredStore } from '../context.js';
import { EXIT_CHECK_FAILED, ExitStatus } from '../exit.js';
import type { CliIO } from '../io.js';
import { vulnsTable } from '../report-tables.js';
import { scanFor } from '../scan-for.js';

const formats = ['table', 'json', 'sarif', 'cyclonedx-vex', 'openvex'] as const;
const levels = ['low', 'medium', 'high', 'critical'] as const;

interface VulnsOptions {
  format: (typeof formats)[number];
  output?: string;
  failOn?: (typeof levels)[number];
  exclude: string[];
}

export function vulnsCommand(program: Command, io: CliIO): void {
  program
    .command('vulns')
    .description(
      'find known vulnerabilities (OSV advisories in the store) in the dependencies under the paths',
    )
    .argument('<path...>', 'folders, lockfiles or SBOM files')
    .addOption(new Option('-f, --format <format>', 'report format').choices(formats).default('table'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe').choices(levels),
    )
    .option('-x, --exclude <glob>', 'leave out matching paths (repeatable)', collect, [])
    .addHelpText(
      'after',
      '\nMatches offline, against advisories imported with `ospo advisories import`. Versions are compared\n' +
        "with each ecosystem's own ordering; a version that cannot be read is reported, never guessed.\n" +
        'Exit codes: 0 ok, 1 a finding reached --fail-on, 2 bad usage or nothing scanned.\n' +
        '\nExamples:\n  ospo vulns . --fail-on high\n  ospo vulns bom.cdx.json --format openvex -o vex.json',
    )
    .action(async (paths: string[], opts: VulnsOptions) => {
      // A PGlite store's match index, while current, answers without starting the database. Else the
      // store opens first, while the modules load and the paths are scanned (PGlite compiles and
      // starts meanwhile).
      const config = storeConfigFromEnv(io.env, io.cwd);
      const index =
        config.kind === 'pglite' ? MatchIndex.open(matchIndexDir(config.dataDir), LATEST_MIGRATION) : null;
      const opening = index ? null : openConfiguredStore(io, { brief: true });
      opening?.catch(() => {}); // awaited below, after the scan
      const loading = Promise.all([
        import('../../services/vulnerabilities/match.js'),
        import('../../services/vulnerabilities/formats.js'),
        import('../../services/vulnerabilities/severity.js'),
      ]);
      let report: Awaited<ReturnType<typeof scanFor>>;
      let modules: Awaited<typeof loading>;
      try {
        [modules, report] = await Promise.all([
          loading,
          scanFor(io, paths, { exclude: opts.exclude, command: 'vulns', purpose: 'nothing was matched' }),
        ]);
      } catch (error) {
        index?.close();
        await opening?.then(
          (store) => store.close(),
          () => {},
        );
        throw error;
      }
      const [{ matchInventory }, out, { ratingRank }] = modules;
      let found: Awaited<ReturnType<typeof matchInventory>>;
      let advisories: number;
      if (index) {
        try {
          advisories = index.records;
          found = await matchInventory({ repos: { advisories: index } }, report);
        } finally {
          index.close();
        }
      } else {
        const store = await (opening as Promise<OpenStore>);
        try {
          // counting a large table takes a while on its own: alongside the match, on PostgreSQL
          [advisories, found] = await Promise.all([
            store.repos.advisories.count(),
            matchInventory(store, report),
          ]);
        } finally {
          await store.close();
        }
      }
      if (advisories === 0) {
        io.stderr('warning: the store holds no advisories; import some with `ospo advisories import`\n');
      }
      const vex = {
        toolVersion: packageVersion(),
        timestamp: new Date().toISOString(),
        subject: path.basename(path.resolve(io.cwd, paths[0] ?? '.')),
      };
      const text =
        opts.format === 'json'
          ? out.vulnJson(found)
          : opts.format === 'sarif'
            ? out.vulnSarif(found, packageVersion())
            : opts.format === 'cyclonedx-vex'
              ? out.cyclonedxVex(found, vex)
              : opts.format === 'openvex'
                ? out.openVex(found, vex)
                : vulnsTable(found);
      if (opts.output) fs.writeFileSync(path.resolve(io.cwd, opts.output), text);
      else io.stdout(text);
      for (const p of found.problems.slice(0, 20))
        io.stderr(`  ${p.purl ?? ''} ${p.advisory ?? ''}: ${p.message} [${p.code}]\n`);
      const s = found.summary;
      io.stderr(
        `matched ${s.packages} packages against ${advisories} advisories: ${s.findings} findings ` +
          `(${s.critical} critical, ${s.high} high, ${s.medium} medium, ${s.low} low, ${s.unknown} unknown)${opts.output ? ` (written to ${opts.output})` : ''}\n`,
      );
      const threshold = opts.failOn;
      if (
        threshold &&
        found.findings.some(
          (f) => f.severity !== 'unknown' && ratingRank(f.severity) >= ratingRank(threshold),
        )
      ) {
        throw new ExitStatus(EXIT_CHECK_FAILED);
      }
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
