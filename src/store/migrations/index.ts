import type { Migration } from '../migrator.js';
import { foundation } from './0001_foundation.js';
import { inventory } from './0002_inventory.js';
import { compliance } from './0003_compliance.js';
import { advisories } from './0004_advisories.js';
import { findings } from './0005_findings.js';
import { apiTokens } from './0006_api_tokens.js';
import { jobs } from './0007_jobs.js';
import { licenseSummaries } from './0008_license_summaries.js';
import { currentFindings } from './0009_current_findings.js';
import { advisoryMatch } from './0011_advisory_match.js';
import { oidcPending } from './0012_oidc_pending.js';
import { advisoryWrites } from './0013_advisory_writes.js';
import { matchIndex } from './0014_match_index.js';
import { advisoryRecordBytes } from './0015_advisory_record_bytes.js';

/** Every migration, oldest first. Forward-only: never edit one that has shipped; add a new one. */
export const migrations: readonly Migration[] = [
  foundation,
  inventory,
  compliance,
  advisories,
  findings,
  apiTokens,
  jobs,
  licenseSummaries,
  currentFindings,
  advisoryMatch,
  oidcPending,
  advisoryWrites,
  matchIndex,
  advisoryRecordBytes,
];
