import fs from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { packageVersion } from '../../core/version.js';
import { justifications, triageResponses, triageStates } from '../../core/vex.js';
import { localActor, withStore } from '../context.js';
import { formatOption, type OutputFormat, output, printTable } from '../format.js';
import type { CliIO } from '../io.js';

const severities = ['critical', 'high', 'medium', 'low', 'unknown'] as const;
const states = ['open', 'untriaged', ...triageStates] as const;

/** Saved-scan findings and their triage: `ospo findings`, `ospo triage`, `ospo vex import|export`. */
export function findingsCommand(program: Command, io: CliIO): void {
  program
    .command('findings')
    .description("vulnerabilities found in each project's newest saved scan, worst first")
    .option('-p, --project <project>', 'one project (name or id)')
    .addOption(new Option('--severity <severity>', 'only this severity').choices(severities))
    .addOption(new Option('--state <state>', 'only this triage state').choices(states))
    .option('-q, --query <text>', 'package name, purl or advisory id contains this')
    .option('-l, --limit <n>', 'findings per page', '50')
    .option('-c, --cursor <cursor>', 'continue from the "next" cursor of an earlier page')
    .addOption(formatOption())
    .addHelpText(
      'after',
      '\nSaved scans are matched when they are stored and again whenever advisories change.\n' +
        '`open` means not triaged yet, in triage or exploitable.\n' +
        '\nExamples:\n  ospo findings --state open --severity critical\n  ospo findings -p shop --format json',
    )
    .action(
      async (opts: {
        project?: string;
        severity?: (typeof severities)[number];
        state?: (typeof states)[number];
        query?: string;
        limit: string;
        cursor?: string;
        format: OutputFormat;
      }) => {
        const { listFindings } = await import('../../services/vulnerabilities/findings.js');
        const page = await withStore(io, (store) =>
          listFindings(store, localActor(), {
            project: opts.project,
            severity: opts.severity,
            state: opts.state,
            q: opts.query,
            limit: Number(opts.limit) || 50,
            cursor: opts.cursor,
          }),
        );
        output(io, opts.format, page, (p) => {
          if (p.items.length === 0) {
            io.stdout(
              'No findings. Save scans with `ospo scan PATH --save --project NAME` and import advisories.\n',
            );
            return;
          }
          printTable(io, p.items, [
            ['severity', (f) => f.severity],
            ['score', (f) => f.score?.toFixed(1)],
            ['project', (f) => f.projectName],
            ['package', (f) => `${f.name}@${f.version}`],
            ['advisory', (f) => f.advisory],
            ['fixed', (f) => f.fixed.join(', ')],
            ['state', (f) => f.triage?.state ?? 'untriaged'],
          ]);
          io.stdout(`${p.items.length} of ${p.total}${p.next ? `; more: --cursor ${p.next}` : ''}\n`);
        });
      },
    );

  program
    .command('triage')
    .description('record a triage decision about a finding of a project (kept with its history)')
    .argument('<project>', 'project name or id')
    .argument('<purl>', 'the affected package, as its purl')
    .argument('<advisory>', 'advisory id or an alias (GHSA-…, CVE-…)')
    .addOption(new Option('-s, --state <state>', 'the decision').choices(triageStates).makeOptionMandatory())
    .addOption(new Option('-j, --justification <why>', 'why not affected').choices(justifications))
    .addOption(new Option('-r, --response <response...>', 'what is done about it').choices(triageResponses))
    .option('-d, --detail <text>', 'free text: the reasoning, a ticket link')
    .addOption(formatOption())
    .addHelpText(
      'after',
      '\nThe decision carries over to later scans of the project while the same package version is\n' +
        'affected. not_affected needs --justification.\n' +
        '\nExample:\n  ospo triage shop pkg:npm/lodash@4.17.20 GHSA-35jh-r3h4-6jhm -s not_affected -j code_not_reachable',
    )
    .action(
      async (
        project: string,
        purl: string,
        advisory: string,
        opts: {
          state: string;
          justification?: string;
          response?: string[];
          detail?: string;
          format: OutputFormat;
        },
      ) => {
        const { triageFinding } = await import('../../services/vulnerabilities/findings.js');
        const saved = await withStore(io, (store) =>
          triageFinding(store, localActor(), project, {
            purl,
            advisory,
            state: opts.state,
            justification: opts.justification ?? null,
            response: opts.response ?? [],
            detail: opts.detail ?? null,
          }),
        );
        output(io, opts.format, saved, (s) =>
          io.stdout(
            `${s.advisory} in ${s.purl}: ${s.state}${s.justification ? ` (${s.justification})` : ''}\n`,
          ),
        );
      },
    );

  const vex = program.command('vex').description("VEX documents in and out of a project's findings");
  vex
    .command('import')
    .description('set triage states from an OpenVEX, CycloneDX VEX or CSAF 2.0 VEX document')
    .argument('<file>', 'the VEX document (JSON)')
    .requiredOption('-p, --project <project>', 'the project the document is about')
    .addOption(formatOption())
    .addHelpText(
      'after',
      "\nA statement reaches a finding of the project's newest scan when it names the finding's advisory\n" +
        '(or an alias) and its package (a purl without a version names every version). Statements that\n' +
        'reach nothing are listed. Everything the document sets lands together, or nothing does.\n' +
        '\nExample:\n  ospo vex import vendor.openvex.json --project shop',
    )
    .action(async (file: string, opts: { project: string; format: OutputFormat }) => {
      const { importVex } = await import('../../services/vulnerabilities/vex.js');
      const text = fs.readFileSync(path.resolve(io.cwd, file), 'utf8');
      const report = await withStore(io, (store) => importVex(store, localActor(), opts.project, text));
      output(io, opts.format, report, (r) => {
        io.stdout(
          `${r.format}: ${r.statements} statements, ${r.applied.length} decisions recorded, ${r.unmatched.length} matched nothing\n`,
        );
        for (const a of r.applied) io.stdout(`  ${a.advisory} ${a.purl}: ${a.state}\n`);
        for (const u of r.unmatched.slice(0, 20))
          io.stdout(`  no finding: ${u.vulnerability} ${u.components.join(' ')}\n`);
        for (const w of r.warnings.slice(0, 20)) io.stdout(`  warning: ${w.message} [${w.code}]\n`);
      });
    });
  vex
    .command('export')
    .description("the project's findings and decisions as a VEX document")
    .requiredOption('-p, --project <project>', 'project name or id')
    .addOption(
      new Option('-f, --format <format>', 'document format')
        .choices(['openvex', 'cyclonedx'])
        .default('openvex'),
    )
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action(async (opts: { project: string; format: 'openvex' | 'cyclonedx'; output?: string }) => {
      const { exportVex } = await import('../../services/vulnerabilities/vex.js');
      const text = await withStore(io, (store) =>
        exportVex(store, localActor(), opts.project, opts.format, {
          toolVersion: packageVersion(),
          timestamp: new Date().toISOString(),
        }),
      );
      if (opts.output) fs.writeFileSync(path.resolve(io.cwd, opts.output), text);
      else io.stdout(text);
    });

  program
    .command('where')
    .description('which projects ship a package, at which versions, with what findings (blast radius)')
    .argument('<package>', 'a purl (pkg:npm/lodash, with or without @version) or a package name')
    .option('-e, --ecosystem <ecosystem>', 'with a bare name: its ecosystem (npm, PyPI, Maven, …)')
    .option('-r, --version-range <range>', 'only versions in the range, e.g. ">=4.0.0 <4.17.21"')
    .addOption(formatOption())
    .addHelpText(
      'after',
      "\nReads each project's newest saved scan. Versions are compared with the ecosystem's ordering;\n" +
        'one that cannot be read is reported, never guessed.\n' +
        '\nExamples:\n  ospo where pkg:maven/org.apache.logging.log4j/log4j-core --version-range "<2.17.1"\n  ospo where lodash -e npm',
    )
    .action(
      async (pkg: string, opts: { ecosystem?: string; versionRange?: string; format: OutputFormat }) => {
        const { whereUsed } = await import('../../services/vulnerabilities/where.js');
        const report = await withStore(io, (store) =>
          whereUsed(store, localActor(), {
            package: pkg,
            ecosystem: opts.ecosystem,
            versionRange: opts.versionRange,
          }),
        );
        output(io, opts.format, report, (r) => {
          if (r.rows.length === 0) {
            io.stdout(
              `No project's newest scan holds ${pkg}${r.query.versionRange ? ` in ${r.query.versionRange}` : ''}.\n`,
            );
          } else {
            printTable(io, r.rows, [
              ['project', (u) => u.projectName],
              ['version', (u) => u.version ?? '(unpinned)'],
              ['scope', (u) => u.scope],
              ['direct', (u) => (u.direct === null ? '' : u.direct ? 'yes' : 'no')],
              [
                'findings',
                (u) => u.findings.map((f) => `${f.advisory} ${f.triage?.state ?? 'untriaged'}`).join('; '),
              ],
              ['scanned', (u) => u.scannedAt.slice(0, 10)],
            ]);
            io.stdout(`${r.projects} projects\n`);
          }
          for (const p of r.problems) io.stdout(`  ${p.purl}: ${p.message} [${p.code}]\n`);
        });
      },
    );
}
