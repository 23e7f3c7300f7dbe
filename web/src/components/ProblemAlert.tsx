import { ApiError } from '../api';
import { Prose } from './Prose';

/** A failed request, told plainly: what went wrong and, when the server knows, what to do about it. */
export function ProblemAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const detail = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  const hint = error instanceof ApiError ? error.hint : undefined;
  return (
    <div className="alert" role="alert">
      <p className="alert-title">
        <span aria-hidden="true" className="alert-icon">
          !
        </span>
        {title ?? 'Error'}: {detail}
      </p>
      {hint ? (
        <p className="alert-hint">
          <Prose text={hint} />
        </p>
      ) : null}
    </div>
  );
}
