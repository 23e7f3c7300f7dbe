import { z } from 'zod';
import { isoDateTime, uuid } from './schemas.js';

/**
 * API tokens for CI and scripts: what a token may be asked to do (its scopes), and the shapes the API
 * and CLI exchange. The secret itself never appears in these shapes except once, on creation.
 */

export const tokenScopes = ['read', 'scan:write', 'triage', 'admin'] as const;
export const tokenScope = z.enum(tokenScopes);
export type TokenScope = z.infer<typeof tokenScope>;

export const tokenStates = ['active', 'expired', 'revoked'] as const;
export type TokenState = (typeof tokenStates)[number];

/** Whose token it is: one user's, or one team's (for CI that should outlive any one person). */
export const tokenOwner = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('user'), id: uuid, email: z.string() }),
    z.object({ kind: z.literal('team'), id: uuid, name: z.string() }),
  ])
  .meta({ id: 'ApiTokenOwner' });
export type TokenOwner = z.infer<typeof tokenOwner>;

export const apiToken = z
  .object({
    id: uuid,
    name: z.string(),
    /** The first characters of the secret, to tell tokens apart; not enough to use one. */
    prefix: z.string(),
    owner: tokenOwner,
    scopes: z.array(tokenScope),
    /** Null: never expires (admins only). */
    expiresAt: isoDateTime.nullable(),
    state: z.enum(tokenStates),
    createdAt: isoDateTime,
    createdBy: z.string(),
    /** To the minute: uses within a minute of the last recorded one are not written down. */
    lastUsedAt: isoDateTime.nullable(),
    revokedAt: isoDateTime.nullable(),
    revokedBy: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });
export type ApiToken = z.infer<typeof apiToken>;

export const createdApiToken = apiToken
  .extend({
    secret: z.string().meta({ description: 'The token itself: shown this once, stored only as a hash.' }),
  })
  .meta({ id: 'CreatedApiToken' });
export type CreatedApiToken = z.infer<typeof createdApiToken>;

/** No control characters: names land in tables, audit entries and log lines. */
const tokenName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}]*$/u, { message: 'use printable characters only' });

export const newApiToken = z
  .object({
    name: tokenName,
    scopes: z
      .array(tokenScope)
      .min(1, { message: 'give the token at least one scope' })
      .max(tokenScopes.length)
      .refine((s) => new Set(s).size === s.length, { message: 'name each scope once' }),
    expires: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .optional()
      .meta({
        description:
          'When it stops working: a number of days (`30d`), a date (`2027-01-01`, valid through that day, UTC), ' +
          'a date-time with offset, or `never` (admins only). Default `90d`; at most a year unless an admin asks.',
      }),
    team: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: 'A team id or name: a team token (admin and ospo only).' }),
    user: z
      .string()
      .min(1)
      .max(320)
      .optional()
      .meta({ description: "Another user's id or email (admins only); default: yourself." }),
  })
  .strict()
  .refine((t) => !(t.team && t.user), {
    message: 'a token belongs to a user or a team, not both',
    path: ['team'],
  })
  .meta({ id: 'NewApiToken' });
export type NewApiToken = z.input<typeof newApiToken>;
