import { SetupForm } from './auth/SetupForm';
import { SignInForm } from './auth/SignInForm';
import { useSession, useSetupState } from './auth/session';
import { ProblemAlert } from './components/ProblemAlert';
import { Shell } from './layout/Shell';

/** The auth gate: first-run setup, then sign-in, then the app. */
export function App() {
  const setup = useSetupState();
  const session = useSession(setup.data?.needsSetup === false);

  if (setup.isPending) return <Loading />;
  if (setup.isError) return <Unreachable error={setup.error} retry={() => setup.refetch()} />;
  if (setup.data.needsSetup) return <SetupForm />;
  if (session.isPending) return <Loading />;
  if (session.isError) return <Unreachable error={session.error} retry={() => session.refetch()} />;
  if (!session.data) return <SignInForm />;
  return <Shell session={session.data} />;
}

function Loading() {
  return (
    <main className="auth-page">
      <p className="muted" role="status">
        Loading ospokit…
      </p>
    </main>
  );
}

function Unreachable({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <main className="auth-page">
      <div className="auth-card stack">
        <p className="brand brand-large">ospokit</p>
        <h1>Cannot load ospokit</h1>
        <ProblemAlert error={error} title="The server did not answer" />
        <button type="button" className="button" onClick={retry}>
          Try again
        </button>
      </div>
    </main>
  );
}
