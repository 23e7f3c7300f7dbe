import { ApiError } from '../api';
import { Prose } from '../components/Prose';

/** A refused change, said next to the control that asked for it; point aria-describedby at `id`. */
export function InlineProblem({ id, error }: { id: string; error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const detail = message.charAt(0).toUpperCase() + message.slice(1);
  const hint = error instanceof ApiError ? error.hint : undefined;
  return (
    <p className="field-error inline-problem" id={id} role="alert">
      <span aria-hidden="true">✕ </span>
      {/[.!?]$/.test(detail) ? detail : `${detail}.`}
      {hint ? (
        <>
          {' '}
          <Prose text={hint} />
        </>
      ) : null}
    </p>
  );
}
