import { z } from 'zod';
import { InputError, NotFoundError, ParseError } from '../../core/errors.js';
import { validate } from '../../core/validate.js';
import { type Actor, actorName, authorize } from '../actor.js';
import { decodeSortedCursor, sortOf, sortSpec, toSortedPage } from '../cursor.js';
import type { PolicyVersion, Store, WaiverRecord } from '../ports.js';
import { defaultPolicy } from './default-policy.js';
import type { LicensePolicy } from './policy.js';
import { parsePolicyFile } from './policy-file.js';
import { parseVersionRange } from './version-range.js';
import { type Waiver, waiverExpiresAt } from './waivers.js';

/**
 * The organization's license policy and waivers as the store keeps them: every change is a new
 * policy version or waiver row, made in one transaction with its audit entry. A document that does not
 * read as a policy is refused whole; nothing of it is applied.
 */

/** What the organization starts with: the built-in rules, spelled out so it can be edited. */
export const starterPolicyDocument = `# ospokit license policy: the licenses section of ospo.yml.
# The built-in rules apply wherever none of yours does (extends: default).
licenses:
  context: distributed-binary
  extends: default
  scopes:
    dev: internal
  rules: []
  categories: {}
`;

export interface CurrentPolicy {
  /** 0 while the built-in default applies. */
  version: number;
  document: string;
  createdAt: string | null;
  createdBy: string | null;
  policy: LicensePolicy;
}

export async function currentPolicy(store: Store, actor: Actor): Promise<CurrentPolicy> {
  authorize(actor, 'policy:read');
  return readPolicy(store);
}

/** The policy in force, for evaluation (no permission check: callers have made theirs). */
export async function readPolicy(store: Store): Promise<CurrentPolicy> {
  const stored = await store.repos.policies.current();
  if (!stored) {
    return {
      version: 0,
      document: starterPolicyDocument,
      createdAt: null,
      createdBy: null,
      policy: defaultPolicy,
    };
  }
  return { ...stored, policy: parsePolicyFile(stored.document, `policy version ${stored.version}`) };
}

export async function policyHistory(store: Store, actor: Actor, limit = 50): Promise<PolicyVersion[]> {
  authorize(actor, 'policy:read');
  return store.repos.policies.history(Math.min(Math.max(limit, 1), 200));
}

/** Save a new version; throws the policy's ParseError (every issue with its line) when it does not read. */
export async function savePolicy(store: Store, actor: Actor, document: string): Promise<CurrentPolicy> {
  authorize(actor, 'policy:write');
  if (document.length > 1_000_000) {
    throw new InputError('ERR_OSPO_VALIDATION', 'the policy document is over 1 MB', {
      hint: 'A license policy is a few dozen lines; check what was sent.',
    });
  }
  const policy = readable(document);
  return store.transaction(async (repos) => {
    const saved = await repos.policies.insert(document, actorName(actor));
    await repos.audit.append({
      actor: actorName(actor),
      action: 'policy.update',
      targetType: 'license_policy',
      targetId: String(saved.version),
      details: { version: saved.version, rules: policy.rules.length, waivers: policy.waivers.length },
    });
    return { ...saved, policy };
  });
}

/** The policy of a document, or its ParseError with every issue as `problems` (path, line, message). */
function readable(document: string): LicensePolicy {
  try {
    return parsePolicyFile(document, 'policy');
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    const issues = (error.details?.issues ?? []) as { path: string; message: string; line: number }[];
    throw new ParseError(error.code, error.message, {
      ...(error.hint ? { hint: error.hint } : {}),
      ...(error.line ? { line: error.line } : {}),
      details: {
        ...error.details,
        problems: issues.map((i) => ({
          path: i.path || '(root)',
          message: i.message,
          ...(i.line ? { line: i.line } : {}),
        })),
      },
    });
  }
}

export const newWaiver = z.object({
  package: z.string().trim().min(1).max(300),
  version: z.string().trim().min(1).max(200).default('*'),
  project: z.string().trim().min(1).max(200).default('*'),
  license: z.string().trim().min(1).max(500).nullish(),
  reason: z.string().trim().min(1).max(2000),
  approver: z.string().trim().min(1).max(200),
  expires: z.string().trim().min(1).max(40),
});
export type NewWaiver = z.input<typeof newWaiver>;

/** How GET /api/v1/waivers may be sorted: oldest first (the default), newest first, or by expiry date. */
export const waiverSorts = ['created', '-created', 'expires', '-expires'] as const;

export async function listWaivers(
  store: Store,
  actor: Actor,
  options: {
    includeRevoked?: boolean;
    limit: number;
    after?: string | undefined;
    sort?: string | undefined;
  },
): Promise<{ items: WaiverRecord[]; next: string | null }> {
  authorize(actor, 'policy:read');
  const sort = sortOf(waiverSorts, options.sort);
  // a bare waiver id is a cursor from before waivers had a choice of order
  const legacy = options.after !== undefined && /^W-\d+$/.test(options.after) && sort === waiverSorts[0];
  const after = legacy ? options.after : decodeSortedCursor(options.after, sort, waiverSorts[0])?.id;
  const rows = await store.repos.waivers.list({
    includeRevoked: options.includeRevoked ?? false,
    limit: options.limit + 1,
    afterId: after,
    sort: sortSpec<'created' | 'expires'>(sort),
  });
  // the store finds the cursor's waiver by its id (waivers are never edited); the key is for reading
  return toSortedPage(rows, options.limit, sort, (w) => ({
    key: sort.endsWith('expires') ? w.expires : w.createdAt,
    id: w.id,
  }));
}

export async function createWaiver(store: Store, actor: Actor, input: unknown): Promise<WaiverRecord> {
  authorize(actor, 'policy:write');
  const data = validate(newWaiver, input, 'waiver');
  // the same checks a waiver in ospo.yml gets: a real date, a readable range
  waiverExpiresAt({ expires: data.expires });
  try {
    parseVersionRange(data.version);
  } catch (error) {
    throw new InputError('ERR_OSPO_VALIDATION', `waiver version range "${data.version}" does not read`, {
      cause: error,
      hint: 'Write `*`, an exact version, or a range such as `>=1.2 <2` or `^1.2.3`.',
    });
  }
  return store.transaction(async (repos) => {
    const created = await repos.waivers.insert({
      package: data.package,
      version: data.version,
      project: data.project,
      license: data.license ?? null,
      reason: data.reason,
      approver: data.approver,
      expires: data.expires,
      createdBy: actorName(actor),
    });
    await repos.audit.append({
      actor: actorName(actor),
      action: 'waiver.create',
      targetType: 'license_waiver',
      targetId: created.id,
      details: { ...data },
    });
    return created;
  });
}

export async function revokeWaiver(store: Store, actor: Actor, id: string): Promise<WaiverRecord> {
  authorize(actor, 'policy:write');
  return store.transaction(async (repos) => {
    const revoked = await repos.waivers.revoke(id, actorName(actor));
    if (!revoked) {
      throw new NotFoundError('ERR_OSPO_NOT_FOUND', `no active waiver "${id}"`, {
        hint: 'List waivers with GET /api/v1/waivers; a revoked waiver cannot be revoked again.',
      });
    }
    await repos.audit.append({
      actor: actorName(actor),
      action: 'waiver.revoke',
      targetType: 'license_waiver',
      targetId: id,
    });
    return revoked;
  });
}

/** Active stored waivers in the evaluator's shape (expired ones are kept: the evaluator ignores them). */
export async function storedWaivers(store: Store): Promise<Waiver[]> {
  const out: Waiver[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.repos.waivers.list({ includeRevoked: false, limit: 500, afterId: after });
    for (const w of page) {
      out.push({
        id: w.id,
        package: w.package,
        version: w.version,
        project: w.project,
        ...(w.license ? { license: w.license } : {}),
        reason: w.reason,
        approver: w.approver,
        expires: w.expires,
      });
    }
    if (page.length < 500) return out;
    after = page.at(-1)?.id;
  }
}
