/**
 * The closed word lists of the shared vocabulary, without zod: the CLI's option choices need them
 * as it starts, and loading zod (about 95 modules, 64-85 ms) is left to the commands that check
 * input. schemas.ts builds its enums from these.
 */

export const lifecycles = ['experimental', 'production', 'deprecated'] as const;
export type Lifecycle = (typeof lifecycles)[number];

/** How a project relates to open source (TODO Group vocabulary). */
export const openSourceRelations = ['uses', 'integrates', 'produces', 'hosts'] as const;
export type OpenSourceRelation = (typeof openSourceRelations)[number];

/** How a project's code reaches others; it decides what copyleft licenses ask of it. */
export const distributions = ['internal', 'saas', 'distributed-binary', 'library'] as const;
export type Distribution = (typeof distributions)[number];

export const roles = ['admin', 'ospo', 'legal', 'security', 'member', 'viewer'] as const;
export type Role = (typeof roles)[number];
