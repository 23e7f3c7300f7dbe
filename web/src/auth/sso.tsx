import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../api';

/** Single sign-on on the sign-in page: the button when the server has it, and why the last try failed. */

const ERROR_PARAM = 'sso_error';

/** What the short codes in `?sso_error=` mean, for people (the server log has the details). */
const messages: Record<string, string> = {
  state: 'The sign-in expired or was started in another browser window. Please try again.',
  denied: 'The sign-in was cancelled at the identity provider.',
  'provider-error': 'The identity provider could not complete the sign-in. Please try again.',
  unavailable: 'The identity provider cannot be reached right now. Try again in a moment.',
  discovery: 'Single sign-on is not set up correctly on this server. Tell an ospokit admin.',
  'client-rejected': 'The identity provider refused ospokit’s credentials. Tell an ospokit admin.',
  'code-rejected':
    'The sign-in could not be completed (the code was already used or expired). Please try again.',
  'no-email': 'The identity provider did not share your email address, which ospokit needs.',
  'email-unverified': 'Your email address is not verified at the identity provider.',
  domain: 'Your email domain is not allowed to sign in to this ospokit.',
  'user-disabled': 'Your ospokit account is disabled. Ask an ospokit admin to enable it.',
};
const tokenProblem =
  'The identity provider’s answer did not pass ospokit’s checks. Try again; if it keeps failing, tell an ospokit admin.';

export function ssoErrorMessage(code: string): string {
  return messages[code] ?? (code === 'failed' ? 'The sign-in failed. Please try again.' : tokenProblem);
}

export function useSsoState() {
  return useQuery({ queryKey: ['sso'], queryFn: api.ssoState, staleTime: Number.POSITIVE_INFINITY });
}

/** The error code the server sent the browser back with; taken out of the address bar once shown. */
export function useSsoError(): string | null {
  const [code] = useState(() => {
    const value = new URLSearchParams(window.location.search).get(ERROR_PARAM);
    if (value === null) return null;
    return /^[a-z-]{1,40}$/.test(value) ? value : 'failed';
  });
  useEffect(() => {
    if (code === null) return;
    window.history.replaceState(null, '', withoutErrorParam());
  }, [code]);
  return code;
}

/** The start URL with the page to come back to: where the user was when asked to sign in. */
export function ssoStartHref(startUrl: string): string {
  const here = withoutErrorParam();
  return here === '/' ? startUrl : `${startUrl}?return=${encodeURIComponent(here)}`;
}

function withoutErrorParam(): string {
  const params = new URLSearchParams(window.location.search);
  params.delete(ERROR_PARAM);
  const rest = params.toString();
  return `${window.location.pathname}${rest ? `?${rest}` : ''}`;
}

export function SsoSignIn() {
  const state = useSsoState();
  if (!state.data?.enabled || !state.data.startUrl) return null;
  return (
    <>
      <a className="button" href={ssoStartHref(state.data.startUrl)}>
        Sign in with single sign-on
      </a>
      <p className="muted small">or with your ospokit email and password:</p>
    </>
  );
}

export function SsoErrorAlert({ code }: { code: string | null }) {
  if (!code) return null;
  return (
    <div className="alert" role="alert">
      <p className="alert-title">
        <span aria-hidden="true" className="alert-icon">
          !
        </span>
        Single sign-on did not work: {ssoErrorMessage(code)}
      </p>
    </div>
  );
}
