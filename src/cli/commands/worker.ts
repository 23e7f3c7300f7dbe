import path from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_DATA_DIR, type Environment, storeConfigFromEnv } from '../../core/config.js';
import { InputError } from '../../core/errors.js';
import { packageVersion } from '../../core/version.js';
import { parseGitHosts } from '../../services/inventory/git-source.js';
import type { CliIO } from '../io.js';

export function workerCommand(program: Command, io: CliIO): void {
  program
    .command('worker')
    .description('run queued jobs (server-side scans, SBOM uploads, advisory syncs) on PostgreSQL')
    .option('-c, --concurrency <n>', 'jobs of each kind this process runs at once', '1')
    .addHelpText(
      'after',
      '\nTakes jobs from the queue in the PostgreSQL database named by DATABASE_URL, the one `ospo serve`\n' +
        'submits them to, and runs them here. Start as many workers, on as many machines, as the load\n' +
        'needs: each job runs once. A worker scans folders only inside its own OSPO_SCAN_ROOTS, clones\n' +
        'git repositories only from hosts in its own OSPO_SCAN_GIT_HOSTS, keeps advisory downloads in\n' +
        '<OSPO_DATA_DIR>/osv-mirror, and goes to OSPO_OSV_MIRROR_URL if set.\n' +
        'On the embedded store `ospo serve` runs the jobs itself, and no other process may open it.\n' +
        '\nStops gracefully on SIGINT or SIGTERM: takes no new jobs, lets running ones finish (30 s at\n' +
        'most; longer ones are failed as interrupted, to be submitted again), closes the store.\n' +
        '\nExamples:\n  DATABASE_URL=postgres://ospo@db/ospo ospo worker --concurrency 2',
    )
    .action(async (opts: { concurrency: string }) => {
      const concurrency = parseConcurrency(opts.concurrency);
      const config = storeConfigFromEnv(io.env, io.cwd);
      if (config.kind !== 'postgres') {
        throw new InputError('ERR_OSPO_WORKER_NEEDS_POSTGRES', '`ospo worker` needs a PostgreSQL store', {
          hint:
            'Set DATABASE_URL to the database `ospo serve` uses. On the embedded store, `ospo serve` ' +
            'runs the jobs itself.',
        });
      }
      const { openStore } = await import('../../store/index.js');
      const { startJobs } = await import('../../jobs/worker.js');
      const { jobNames } = await import('../../jobs/definitions.js');
      const store = await openStore(config);
      const log = (line: string) => io.stderr(`${line}\n`);
      const jobs = await startJobs(store, {
        workers: { concurrency },
        handlers: jobSettings(io.env, io.cwd, packageVersion()),
        log,
      }).catch(async (error: unknown) => {
        await store.close();
        throw error;
      });
      io.stderr(
        `ospokit ${packageVersion()} worker running ${jobNames.join(', ')}, ${concurrency} at a time each ` +
          `(store: ${store.database.location})\n`,
      );
      await untilSignal(io, async () => {
        await jobs.stop({ graceMs: 30_000 });
        await store.close();
      });
      io.stderr('stopped\n');
    });
}

/** What a job handler needs from this machine's environment, for `ospo worker` and `ospo serve` alike. */
export function jobSettings(env: Environment, cwd: string, version: string) {
  const dataDir = env.OSPO_DATA_DIR?.trim() || DEFAULT_DATA_DIR;
  const baseUrl = env.OSPO_OSV_MIRROR_URL?.trim() || undefined;
  return {
    version,
    scanRoots: (env.OSPO_SCAN_ROOTS ?? '').split(':').filter(Boolean),
    git: { hosts: parseGitHosts(env.OSPO_SCAN_GIT_HOSTS) },
    advisories: { cacheDir: path.resolve(cwd, dataDir, 'osv-mirror'), ...(baseUrl ? { baseUrl } : {}) },
  };
}

export function parseConcurrency(raw: string): number {
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= 1 && n <= 64)) {
    throw new InputError('ERR_OSPO_USAGE', `--concurrency must be a whole number from 1 to 64, got "${raw}"`);
  }
  return n;
}

/** Resolve once SIGINT or SIGTERM came and `stop` finished; a second signal exits at once. */
function untilSignal(io: CliIO, stop: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        io.stderr(`${signal} again: exiting now\n`);
        process.exit(130);
      }
      stopping = true;
      io.stderr(`${signal}: finishing the jobs running here, then closing the store\n`);
      stop().then(resolve, (error: unknown) => {
        io.stderr(`error while stopping: ${String(error)}\n`);
        resolve();
      });
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}
