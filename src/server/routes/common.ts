import { z } from 'zod';
import { pageQuery } from '../../core/schemas.js';
import { problemSchema } from '../problem.js';

export const listQuery = pageQuery;

export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z.object({ items: z.array(item), next: z.string().nullable() }).meta({ id });
}

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
});

/** The error answers every guarded route can give. */
export const guardedErrors = {
  400: problem('The request is malformed or fails validation.'),
  401: problem('Not signed in.'),
  403: problem('Signed in, but the role does not allow this.'),
} as const;

export const notFound = { 404: problem('No such resource.') } as const;
export const conflict = { 409: problem('It exists already.') } as const;
export const tooMany = { 429: problem('Too many attempts.') } as const;

export const idParam = z.object({
  id: z.string().min(1).max(200).meta({ description: 'The id, or the name where the resource has one.' }),
});
