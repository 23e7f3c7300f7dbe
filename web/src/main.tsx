import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ApiError } from './api';
import { sessionKey, signedOut } from './auth/session';
import './styles.css';
import './layout.css';
import './components.css';
import './table.css';
import './licenses.css';
import './vulnerabilities.css';
import './home.css';

/** A 401 from any call means the session ended (expired or signed out elsewhere): show sign-in again. */
function onApiError(error: unknown): void {
  if (error instanceof ApiError && error.status === 401 && queryClient.getQueryData(sessionKey)) {
    signedOut(queryClient);
  }
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Client errors (4xx) will not fix themselves; network trouble and 5xx get two more tries.
      retry: (failures, error) =>
        failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
