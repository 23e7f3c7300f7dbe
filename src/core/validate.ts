import type { z } from 'zod';
import { InputError } from './errors.js';

/** Parse with a schema; a failure becomes a coded InputError listing each bad field. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    path: issue.path.join('.') || '(root)',
    message: issue.message,
  }));
  const summary = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  throw new InputError('ERR_OSPO_VALIDATION', `invalid ${what}: ${summary}`, {
    details: { problems },
    hint: 'Fix the fields named above and try again.',
  });
}
