import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OidcConfig } from '../../src/core/config.js';
import { createApp } from '../../src/server/app.js';
import { createUser } from '../../src/services/users.js';
import type { OpenStore } from '../../src/store/index.js';
import { type FakeOidc, startFakeOidc } from '../support/fake-oidc.js';
import { pgliteBackend } from '../support/stores.js';

type App = ReturnType<typeof createApp>;

let store: OpenStore;
let dispose: () => Promise<void>;
let fake: FakeOidc;
let app: App;
let logs: string[];

/** A browser tab over app.request: keeps cookies, follows nothing by itself. */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly target: App) {}

  async get(path: string): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.target.request(path, { headers: cookie ? { cookie } : {} });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (!value || /Max-Age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }
}

function configFor(provider: FakeOidc, extra: Partial<OidcConfig> = {}): OidcConfig {
  return {
    issuer: provider.issuer,
    clientId: provider.clientId,
    clientSecret: provider.clientSecret,
    redirectUrl: null,
    defaultRole: 'viewer',
    allowedDomains: [],
    ...extra,
  };
}

function appWith(oidc: OidcConfig | null): App {
  return createApp({
    store,
    version: '0.0.0-test',
    storeKind: 'pglite',
    webRoot: null,
    oidc,
    log: (l) => logs.push(l),
  });
}

interface Flow {
  /** Where the callback sent the browser. */
  landed: string;
  /** The callback URL the provider sent the browser to. */
  callback: URL;
}

/** Start, let the provider approve, come back (after `tamper` has had a go at the callback URL). */
async function sso(
  browser: Browser,
  options: { returnTo?: string; provider?: FakeOidc; tamper?: (callback: URL) => void } = {},
): Promise<Flow> {
  const query = options.returnTo === undefined ? '' : `?return=${encodeURIComponent(options.returnTo)}`;
  const start = await browser.get(`/api/v1/auth/oidc/start${query}`);
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get('location') ?? '');
  expect(authorize.origin).toBe((options.provider ?? fake).issuer);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  const approved = await fetch(authorize, { redirect: 'manual' });
  expect(approved.status).toBe(302);
  const callback = new URL(approved.headers.get('location') ?? '');
  expect(callback.pathname).toBe('/api/v1/auth/oidc/callback');
  options.tamper?.(callback);
  const done = await browser.get(`${callback.pathname}${callback.search}`);
  expect(done.status).toBe(302);
  return { landed: done.headers.get('location') ?? '', callback };
}

async function sessionOf(browser: Browser) {
  const res = await browser.get('/api/v1/auth/session');
  return {
    status: res.status,
    body:
      res.status === 200
        ? ((await res.json()) as { user: { id: string; email: string; role: string } })
        : null,
  };
}

beforeAll(async () => {
  ({ store, dispose } = await pgliteBackend.fresh());
  fake = await startFakeOidc();
  await createUser(
    store,
    { kind: 'local', name: 'test' },
    {
      email: 'admin@example.com',
      name: 'Admin',
      role: 'admin',
      password: 'a long enough password',
    },
  );
});
afterAll(async () => {
  await fake.close();
  await dispose();
});
beforeEach(() => {
  logs = [];
  fake.tweaks = {};
  fake.deny = false;
  fake.user = { sub: 'ada-1', email: 'ada@example.com', email_verified: true, name: 'Ada Lovelace' };
  app = appWith(configFor(fake));
});

describe('single sign-on with OpenID Connect', () => {
  it('says whether it is on, for the sign-in form', async () => {
    expect(await (await app.request('/api/v1/auth/oidc')).json()).toEqual({
      enabled: true,
      startUrl: '/api/v1/auth/oidc/start',
    });
    expect(await (await appWith(null).request('/api/v1/auth/oidc')).json()).toEqual({
      enabled: false,
      startUrl: null,
    });
  });

  it('answers 404 with a clear problem when it is not configured', async () => {
    const off = appWith(null);
    for (const path of ['/api/v1/auth/oidc/start', '/api/v1/auth/oidc/callback?code=x&state=y']) {
      const res = await off.request(path);
      expect(res.status).toBe(404);
      const body = (await res.json()) as { code: string; hint: string };
      expect(body.code).toBe('ERR_OSPO_OIDC_OFF');
      expect(body.hint).toContain('OSPO_OIDC_ISSUER');
    }
  });

  it('creates a viewer on the first sign-in, with a working session, and returns to the saved path', async () => {
    const browser = new Browser(app);
    const flow = await sso(browser, { returnTo: '/projects/demo?tab=licenses' });
    expect(flow.landed).toBe('/projects/demo?tab=licenses');
    expect(browser.cookies.has('ospo_session')).toBe(true);
    expect(browser.cookies.has('ospo_oidc')).toBe(false);
    const session = await sessionOf(browser);
    expect(session.status).toBe(200);
    expect(session.body?.user).toMatchObject({
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      role: 'viewer',
    });

    const audit = await store.repos.audit.list({ limit: 10, targetType: 'user' });
    const created = audit.find((e) => e.action === 'user.create' && e.targetId === session.body?.user.id);
    expect(created?.actor).toBe(`oidc:${fake.issuer}`);
    expect(audit.some((e) => e.action === 'session.create' && e.targetId === session.body?.user.id)).toBe(
      true,
    );
    // a password does not sign this user in: there is none
    const login = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', password: 'any password at all' }),
    });
    expect(login.status).toBe(401);
  });

  it('reuses the user on the next sign-in, and an existing password user too', async () => {
    const first = await sessionOf(await signedIn());
    const second = await sessionOf(await signedIn());
    expect(second.body?.user.id).toBe(first.body?.user.id);
    const users = await store.repos.users.list({ limit: 100 });
    expect(users.filter((u) => u.email === 'ada@example.com')).toHaveLength(1);

    fake.user = { sub: 'admin-1', email: 'Admin@Example.com', email_verified: true };
    const admin = await sessionOf(await signedIn());
    expect(admin.body?.user).toMatchObject({ email: 'admin@example.com', role: 'admin' });
  });

  it('finishes on another server process than the one that started, sharing the store', async () => {
    const first = new Browser(app);
    const start = await first.get('/api/v1/auth/oidc/start');
    const approved = await fetch(new URL(start.headers.get('location') ?? ''), { redirect: 'manual' });
    const callback = new URL(approved.headers.get('location') ?? '');
    // the same browser, its cookies, but the callback reaches a second app (another process) on the store
    const second = new Browser(appWith(configFor(fake)));
    for (const [k, v] of first.cookies) second.cookies.set(k, v);
    const done = await second.get(`${callback.pathname}${callback.search}`);
    expect(done.status).toBe(302);
    expect((await sessionOf(second)).body?.user.email).toBe('ada@example.com');
    // and the state is used up for every process
    const again = await new Browser(app).get(`${callback.pathname}${callback.search}`);
    expect(again.headers.get('location')).toBe('/?sso_error=state');
  });

  it('fetches discovery once and keeps it', async () => {
    const discoveries = () => fake.requests.filter((p) => p === '/.well-known/openid-configuration').length;
    const before = discoveries();
    await signedIn();
    await signedIn();
    expect(discoveries() - before).toBe(1);
  });

  it.each([
    ['a wrong state', (cb: URL) => cb.searchParams.set('state', 'not-the-state')],
    ['no state', (cb: URL) => cb.searchParams.delete('state')],
  ])('refuses %s', async (_name, tamper) => {
    const browser = new Browser(app);
    expect((await sso(browser, { tamper })).landed).toBe('/?sso_error=state');
    expect(browser.cookies.has('ospo_session')).toBe(false);
  });

  it('refuses a callback in another browser than the one that started (no binding cookie)', async () => {
    const browser = new Browser(app);
    const flow = await sso(browser, { tamper: () => browser.cookies.delete('ospo_oidc') });
    expect(flow.landed).toBe('/?sso_error=state');
  });

  it('refuses a callback used twice, and a replayed code under a fresh state', async () => {
    const browser = new Browser(app);
    const first = await sso(browser);
    expect(first.landed).toBe('/');
    const again = await new Browser(app).get(`${first.callback.pathname}${first.callback.search}`);
    expect(again.headers.get('location')).toBe('/?sso_error=state');

    const usedCode = first.callback.searchParams.get('code') ?? '';
    const replay = await sso(new Browser(app), { tamper: (cb) => cb.searchParams.set('code', usedCode) });
    expect(replay.landed).toBe('/?sso_error=code-rejected');
    expect(fake.refusals).toContain('replay');
  });

  it.each([
    ['a bad signature', { forgeSignature: true }, 'signature'],
    ['a wrong audience', { audience: 'another-client' }, 'audience'],
    ['an expired token', { expiresIn: -600 }, 'expired'],
    ['a wrong nonce', { nonce: 'not-the-nonce' }, 'nonce'],
    ['a wrong issuer', { issuer: 'https://evil.example' }, 'issuer'],
  ])('refuses %s with its own code', async (_name, tweaks, code) => {
    fake.tweaks = tweaks;
    const browser = new Browser(app);
    expect((await sso(browser)).landed).toBe(`/?sso_error=${code}`);
    expect(browser.cookies.has('ospo_session')).toBe(false);
    expect(logs.some((l) => l.includes(`refused (${code})`))).toBe(true);
  });

  it('refuses emails outside the allowed domains, and unverified emails', async () => {
    app = appWith(configFor(fake, { allowedDomains: ['example.org'] }));
    expect((await sso(new Browser(app))).landed).toBe('/?sso_error=domain');

    app = appWith(configFor(fake));
    fake.user = { sub: 'eve-1', email: 'eve@example.com', email_verified: false };
    expect((await sso(new Browser(app))).landed).toBe('/?sso_error=email-unverified');
    fake.user = { sub: 'no-mail' };
    expect((await sso(new Browser(app))).landed).toBe('/?sso_error=no-email');
    const users = await store.repos.users.list({ limit: 100 });
    expect(users.map((u) => u.email)).not.toContain('eve@example.com');
  });

  it('refuses a disabled user', async () => {
    fake.user = { sub: 'bob-1', email: 'bob@example.com', email_verified: true };
    await signedIn();
    await store.database.db
      .updateTable('users')
      .set({ disabled_at: new Date().toISOString() })
      .where('email', '=', 'bob@example.com')
      .execute();
    expect((await sso(new Browser(app))).landed).toBe('/?sso_error=user-disabled');
  });

  it('tells the sign-in page when the provider says no', async () => {
    fake.deny = true;
    expect((await sso(new Browser(app))).landed).toBe('/?sso_error=denied');
  });

  it('never returns to another site', async () => {
    for (const returnTo of [
      '//evil.example/x',
      'https://evil.example/',
      '/\\evil.example',
      '/api/v1/users',
    ]) {
      expect((await sso(new Browser(app), { returnTo })).landed).toBe('/');
    }
  });

  it('authenticates with client_secret_post when that is what the provider takes', async () => {
    const post = await startFakeOidc({ authMethod: 'client_secret_post', user: fake.user });
    try {
      app = appWith(configFor(post));
      expect((await sso(new Browser(app), { provider: post })).landed).toBe('/');
      app = appWith(configFor(post, { clientSecret: 'wrong' }));
      expect((await sso(new Browser(app), { provider: post })).landed).toBe('/?sso_error=client-rejected');
      expect(post.refusals).toEqual(['client']);
    } finally {
      await post.close();
    }
  });

  it('sends the browser back to sign-in when the provider cannot be reached', async () => {
    const gone = await startFakeOidc();
    const config = configFor(gone);
    await gone.close();
    const res = await new Browser(appWith(config)).get('/api/v1/auth/oidc/start');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/?sso_error=unavailable');
  });

  it('keeps tokens, codes and secrets out of the log and the redirects', async () => {
    fake.tweaks = { nonce: 'x' };
    const flow = await sso(new Browser(app));
    expect(flow.landed).toBe('/?sso_error=nonce');
    const text = logs.join('\n');
    expect(text).not.toContain(flow.callback.searchParams.get('code') ?? '(none)');
    expect(text).not.toContain(fake.clientSecret);
    expect(text).not.toMatch(/eyJ[\w-]+\./); // no JWT
  });
});

async function signedIn(): Promise<Browser> {
  const browser = new Browser(app);
  expect((await sso(browser)).landed).toBe('/');
  return browser;
}
