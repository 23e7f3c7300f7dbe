import type { createApp } from '../../src/server/app.js';

type App = ReturnType<typeof createApp>;

/** A tiny cookie-keeping client over app.request, like a browser tab. */
export class Client {
  private cookie: string | null = null;
  csrf: string | null = null;

  constructor(private readonly app: App) {}

  async call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] ??= this.csrf;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await this.app.request(path, {
      method,
      headers: h,
      ...(payload === undefined ? {} : { body: payload }),
    });
    const set = res.headers.get('set-cookie');
    if (set) {
      const pair = set.split(';')[0] ?? '';
      this.cookie = pair.endsWith('=') || /Max-Age=0/i.test(set) ? null : pair;
    }
    return res;
  }

  async login(email: string, password: string): Promise<Response> {
    const res = await this.call('POST', '/api/v1/auth/login', { email, password });
    if (res.status === 200) this.csrf = ((await res.clone().json()) as { csrfToken: string }).csrfToken;
    return res;
  }

  get hasCookie(): boolean {
    return this.cookie !== null;
  }
}
