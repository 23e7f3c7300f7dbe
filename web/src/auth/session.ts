import { type QueryClient, useQuery } from '@tanstack/react-query';
import { ApiError, api, type Session, setCsrfToken } from '../api';

export const setupKey = ['setup'] as const;
export const sessionKey = ['session'] as const;

/** The current session, or null when nobody is signed in (the API answers 401). */
async function loadSession(): Promise<Session | null> {
  try {
    const session = await api.session();
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useSetupState() {
  return useQuery({ queryKey: setupKey, queryFn: api.setupState, staleTime: Number.POSITIVE_INFINITY });
}

export function useSession(enabled: boolean) {
  return useQuery({
    queryKey: sessionKey,
    queryFn: loadSession,
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Record a fresh session from setup or login, so the app shows at once without asking again. */
export function signedIn(client: QueryClient, session: Session): void {
  setCsrfToken(session.csrfToken);
  client.setQueryData(setupKey, { needsSetup: false });
  client.setQueryData(sessionKey, session);
}

/** Forget the session and every piece of data fetched under it. */
export function signedOut(client: QueryClient): void {
  setCsrfToken(null);
  client.removeQueries({
    predicate: (query) => query.queryKey[0] !== 'setup' && query.queryKey[0] !== 'session',
  });
  client.setQueryData(sessionKey, null);
}
