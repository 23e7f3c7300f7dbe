import fs from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { InputError } from '../../core/errors.js';
import { packageVersion } from '../../core/version.js';
import { distributions } from '../../core/vocabulary.js';
import { openConfiguredStore } from '../context.js';
import { EXIT_CHECK_FAILED, ExitStatus } from '../exit.js';
import type { CliIO } from '../io.js';
import { progressLine } from '../progress.js';
import { checkTable } from '../report-tables.js';
import { scanFor } from '../scan-for.js';

const formats = ['table', 'json', 'sarif', 'junit', 'markdown'] as const;
type Format = (typeof formats)[number];

interface CheckOptions {
  policy?: string;
  format: Format;
  output?: string;
  failOn: 'deny' | 'review';
  context?: (typeof distributions)[number];
  project?: string;
  exclude: string[];
  online?: boolean;
  registryUrl: string[];
  clearlyDefined?: boolean;
  cache: boolean;
}

export function checkCommand(program: Command, io: CliIO): void {
  program
    .command('check')
    .description('check the licenses of every dependency under the paths against the license policy')
    .argument('<path...>', 'folders or single files to scan (lockfiles, manifests, SBOMs)')
    .option(
      '--policy <file>',
      "ospo.yml with a `licenses:` section (default: the first path's ospo.yml, else ./ospo.yml, else built-in)",
    )
    .addOption(new Option('-f, --format <format>', 'report format').choices(formats).default('table'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .addOption(
      new Option('--fail-on <verdict>', 'exit 1 on denied licenses, or also on those to review')
        .choices(['deny', 'review'])
        .default('deny'),
    )
    .addOption(
      new Option('--context <context>', "the project's distribution context (default: the policy's)").choices(
        distributions,
      ),
    )
    .option('-p, --project <name>', 'the project being checked: labels the report, selects its waivers')
    .option(
      '-x, --exclude <glob>',
      'leave out matching paths (repeatable), besides scan.exclude in ospo.yml',
      collect,
      [],
    )
    .option('--online', 'ask package registries for the licenses of packages whose files declare none')
    .option(
      '--registry-url <id=url>',
      'with --online: a mirror for one registry, e.g. npm=https://npm.example.com (repeatable)',
      collect,
      [],
    )
    .option('--clearly-defined', 'with --online: also ask ClearlyDefined when a registry declares nothing')
    .option('--no-cache', 'with --online: do not keep registry answers in the store')
    .addHelpText(
      'after',
      '\nEvery package gets allow, review or deny from its licenses, the policy and the distribution\n' +
        'context; OR picks the best choice and reports it, AND needs every part, WITH exceptions count.\n' +
        'A policy with an unknown key or license id is an error (exit 2), never a silent pass.\n' +
        'Exit codes: 0 nothing failed, 1 denied (or, with --fail-on review, to-review) licenses,\n' +
        '2 bad usage, a broken policy, or nothing could be scanned.\n' +
        '\nExamples:\n  ospo check .\n  ospo check . --format sarif -o licenses.sarif\n' +
        '  ospo check . --context saas --fail-on review --format markdown',
    )
    .action(async (paths: string[], opts: CheckOptions) => {
      const [{ parsePolicyFile }, { checkInventory, checkFails }, out, yaml, installed] = await Promise.all([
        import('../../services/compliance/policy-file.js'),
        import('../../services/compliance/check.js'),
        import('../../services/compliance/check-formats.js'),
        import('yaml'),
        import('../../services/compliance/installed-evidence.js'),
      ]);
      const load = (text: string): unknown => yaml.parse(text, { maxAliasCount: 100 });
      const config = readConfig(io, opts.policy, paths, load);
      const policy = parsePolicyFile(config.text ?? '', config.source);
      const report = await scanFor(io, paths, {
        exclude: [...config.exclude, ...opts.exclude],
        command: 'check',
        purpose: 'nothing was checked',
      });
      const evidence = await installed.installedEvidence(report.packages, io.cwd);
      const detected = new Map([...evidence].map(([purl, e]) => [purl, e.expression]));
      const registry = opts.online ? await askRegistries(io, report.packages, opts) : undefined;
      const checked = checkInventory(
        { ...report, detected, ...(registry ? { registry } : {}) },
        {
          policy,
          ...(opts.context ? { context: opts.context } : {}),
          ...(opts.project ? { project: opts.project } : {}),
        },
      );
      const text =
        opts.format === 'json'
          ? `${JSON.stringify({ policy: config.source, ...checked }, null, 2)}\n`
          : opts.format === 'sarif'
            ? out.sarifReport(checked, packageVersion())
            : opts.format === 'junit'
              ? out.junitReport(checked)
              : opts.format === 'markdown'
                ? out.markdownReport(checked)
                : checkTable(checked);
      if (opts.output) fs.writeFileSync(path.resolve(io.cwd, opts.output), text);
      else io.stdout(text);
      const s = checked.summary;
      io.stderr(
        `checked ${s.packages} packages against ${config.source} (${checked.context}): ` +
          `${s.deny} denied, ${s.review} to review, ${s.waived} waived${opts.output ? ` (written to ${opts.output})` : ''}\n`,
      );
      if (checkFails(checked, opts.failOn)) throw new ExitStatus(EXIT_CHECK_FAILED);
    });
}

/** Registry licenses of the packages that declare none; answers kept in the store unless --no-cache. */
async function askRegistries(
  io: CliIO,
  packages: readonly import('../../core/inventory.js').InventoryPackage[],
  opts: CheckOptions,
): Promise<Map<string, { licenses: string[]; url: string }>> {
  const { fetchRegistryLicenses } = await import('../../services/licenses/registry.js');
  const baseUrls: Record<string, string> = {};
  for (const pair of opts.registryUrl) {
    const at = pair.indexOf('=');
    if (at <= 0) {
      throw new InputError('ERR_OSPO_USAGE', `--registry-url takes id=url, got "${pair}"`, {
        hint: 'Registry ids: npm, pypi, crates-io, rubygems, packagist, maven-central, nuget, clearlydefined.',
      });
    }
    baseUrls[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const wanted = packages.filter((p) => p.licenses.length === 0);
  const store = opts.cache ? await openConfiguredStore(io, { brief: true }) : null;
  try {
    const progress = io.stderrIsTTY ? progressLine(io) : null;
    const report = await fetchRegistryLicenses(wanted, {
      baseUrls,
      clearlyDefined: opts.clearlyDefined === true,
      ...(store ? { cache: store.repos.registryLicenses } : {}),
      ...(progress
        ? { onProgress: (p) => progress.update(`registries: ${p.done}/${p.total} ${p.purl}`) }
        : {}),
    });
    progress?.done();
    for (const p of report.problems) io.stderr(`  ${p.purl}: ${p.message} [${p.code}]\n`);
    io.stderr(`asked registries about ${wanted.length} packages: ${report.licenses.size} declare licenses\n`);
    return new Map([...report.licenses].map(([purl, r]) => [purl, { licenses: r.licenses, url: r.url }]));
  } finally {
    await store?.close();
  }
}

interface CheckConfig {
  /** The ospo.yml text, or null for the built-in policy. */
  text: string | null;
  source: string;
  exclude: string[];
}

/** --policy FILE, else ospo.yml in the first path or the current folder; `scan.exclude` from it. */
function readConfig(
  io: CliIO,
  explicit: string | undefined,
  paths: string[],
  load: (text: string) => unknown,
): CheckConfig {
  const candidates = explicit
    ? [path.resolve(io.cwd, explicit)]
    : [path.resolve(io.cwd, paths[0] ?? '.', 'ospo.yml'), path.join(io.cwd, 'ospo.yml')];
  for (const file of candidates) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if (explicit) {
        throw new InputError(
          'ERR_OSPO_POLICY_FILE',
          `cannot read the policy ${explicit}: ${(error as NodeJS.ErrnoException).code}`,
          {
            hint: 'Give the path of an ospo.yml with a `licenses:` section.',
          },
        );
      }
      continue;
    }
    const source = path.relative(io.cwd, file) || file;
    return { text, source, exclude: scanExcludes(text, source, load) };
  }
  return { text: null, source: 'the built-in policy', exclude: [] };
}

/** `scan: { exclude: [globs] }` of ospo.yml; anything else there is an error, like the policy's keys. */
function scanExcludes(text: string, source: string, load: (text: string) => unknown): string[] {
  let root: unknown;
  try {
    root = load(text);
  } catch {
    // a YAML error is reported by the policy reader, with its line
    return [];
  }
  const scan = (root as { scan?: unknown } | null)?.scan;
  if (scan === undefined || scan === null) return [];
  const keys = typeof scan === 'object' && !Array.isArray(scan) ? Object.keys(scan) : null;
  const exclude = (scan as { exclude?: unknown }).exclude;
  if (
    !keys ||
    keys.some((k) => k !== 'exclude') ||
    !Array.isArray(exclude) ||
    exclude.some((g) => typeof g !== 'string')
  ) {
    throw new InputError('ERR_OSPO_CONFIG', `${source}: \`scan\` takes only \`exclude\`, a list of globs`, {
      hint: 'Write e.g. `scan: { exclude: ["**/fixtures/**"] }`.',
    });
  }
  return exclude as string[];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
