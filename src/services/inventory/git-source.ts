import { type ExecFileException, execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  ConflictError,
  ForbiddenError,
  InputError,
  type OspoError,
  SourceUnavailableError,
} from '../../core/errors.js';

/** What a git scan may clone from: OSPO_SCAN_GIT_HOSTS, plus limits. */
export interface GitScanConfig {
  /** Host names (`github.com`), `*` for any https host, `file` for file:// URLs; empty: git scans are off. */
  hosts: readonly string[];
  /** Longest a clone may take (default 10 minutes). */
  timeoutMs?: number;
  /** Where the temporary checkouts go (default the system's temp folder). */
  workDir?: string;
}

export const DEFAULT_CLONE_TIMEOUT_MS = 10 * 60 * 1000;
const SETTING = 'OSPO_SCAN_GIT_HOSTS';

/** OSPO_SCAN_GIT_HOSTS as a list: comma-separated, trimmed, lower-cased. */
export function parseGitHosts(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

export interface GitUrl {
  /** The URL without userinfo: what git is given, stored and shown. */
  url: string;
  protocol: 'https' | 'http' | 'file';
  /** Userinfo the URL came with, sent as HTTP Basic auth and never stored. */
  credentials: { username: string; password: string } | null;
}

/**
 * A URL a git scan may clone, or a coded refusal: https to an allowed host (`*` allows any), http only
 * to a host listed by name, file:// only when the setting lists `file`. ssh, scp-like and `ext::` URLs,
 * and anything git could take for an option, are refused.
 */
export function checkGitUrl(raw: string, hosts: readonly string[]): GitUrl {
  const shown = redactUrl(raw);
  if (hosts.length === 0) {
    throw new ForbiddenError('ERR_OSPO_SCAN_GIT_HOST', 'scans of git repositories are off on this server', {
      hint: `Start the server (and workers) with ${SETTING}=github.com,git.example.com to allow them.`,
    });
  }
  const badUrl = (why: string) =>
    new InputError('ERR_OSPO_SCAN_GIT_URL', `${shown} cannot be cloned: ${why}`, {
      hint: 'Give an https:// URL of the repository, such as https://github.com/owner/repo.git.',
    });
  if (raw.trim() !== raw || raw.startsWith('-') || /[\s\0]/.test(raw)) throw badUrl('not a plain URL');
  if (/^[a-z][a-z0-9+.-]*::/i.test(raw)) throw badUrl('remote helpers (`ext::` and the like) are refused');
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw badUrl('not a URL (scp-like `host:path` addresses are refused)');
  }
  const protocol = parsed.protocol.slice(0, -1);
  const host = parsed.hostname.toLowerCase();
  const listed = hosts.includes(host);
  const notAllowed = (what: string) =>
    new ForbiddenError('ERR_OSPO_SCAN_GIT_HOST', `${what} is not allowed for git scans on this server`, {
      hint: `Allowed by ${SETTING}: ${hosts.join(', ')}. Ask the operator to add it.`,
    });
  if (protocol === 'file') {
    if (!hosts.includes('file')) throw notAllowed('file://');
    if (host && host !== 'localhost') throw badUrl('a file:// URL names no host');
    if (parsed.search || parsed.hash) throw badUrl('a file:// URL has no query or fragment');
    return { url: parsed.href, protocol, credentials: null };
  }
  if (protocol !== 'https' && protocol !== 'http') {
    throw badUrl(`${protocol}:// is refused; use https://`);
  }
  if (!host || parsed.pathname === '/' || parsed.pathname === '') throw badUrl('no repository path');
  if (protocol === 'https' && !listed && !hosts.includes('*')) throw notAllowed(host);
  // cleartext only to hosts the operator named (a test server, a mirror on the same network)
  if (protocol === 'http' && !listed) throw notAllowed(`http://${host}`);
  const credentials =
    parsed.username || parsed.password
      ? { username: decode(parsed.username), password: decode(parsed.password) }
      : null;
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  return { url: parsed.toString(), protocol, credentials };
}

/** A branch or tag name git is given as `--branch`; null when none. */
export function checkGitRef(ref: string | undefined | null): string | null {
  if (ref === undefined || ref === null || ref === '') return null;
  const bad =
    ref.length > 255 ||
    ref.startsWith('-') ||
    ref.startsWith('/') ||
    ref.endsWith('/') ||
    ref.endsWith('.lock') ||
    ref.includes('..') ||
    ref.includes('@{') ||
    !/^[A-Za-z0-9._/+-]+$/.test(ref);
  if (bad) {
    throw new InputError('ERR_OSPO_SCAN_GIT_REF', `"${ref}" is not a branch or tag name`, {
      hint: 'Give a branch or tag name such as main or v1.2.0, or leave ref out for the default branch.',
    });
  }
  return ref;
}

/** The URL with any user name and password taken out, for messages and records. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (!url.username && !url.password) return raw;
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return raw.replace(/\/\/[^/@\s]*@/g, '//');
  }
}

export interface CloneOptions {
  timeoutMs?: number | undefined;
  workDir?: string | undefined;
  /** Aborting kills git (the job was cancelled). */
  signal?: AbortSignal | undefined;
}

/**
 * Shallow-clone the repository into a temporary folder, run `fn` on the checkout, and remove the
 * folder whatever happens. git runs without a shell, with no user or system config (so no credential
 * helpers, URL rewrites or hooks from them), no prompts, only the URL's own protocol, no redirects and
 * no symlinks in the checkout.
 */
export async function withClone<T>(
  source: GitUrl,
  ref: string | null,
  options: CloneOptions,
  fn: (checkout: string) => Promise<T>,
): Promise<T> {
  const temp = await fs.mkdtemp(path.join(options.workDir ?? os.tmpdir(), 'ospokit-git-'));
  try {
    const checkout = path.join(temp, 'checkout');
    await cloneInto(source, ref, checkout, temp, options);
    return await fn(checkout);
  } finally {
    await fs.rm(temp, { recursive: true, force: true, maxRetries: 3 });
  }
}

function cloneInto(
  source: GitUrl,
  ref: string | null,
  checkout: string,
  home: string,
  options: CloneOptions,
): Promise<void> {
  const args = [
    '-c',
    `protocol.file.allow=${source.protocol === 'file' ? 'always' : 'never'}`,
    '-c',
    'credential.helper=',
    '-c',
    'http.followRedirects=false',
    '-c',
    'core.symlinks=false',
    'clone',
    '--depth',
    '1',
    '--no-tags',
    '--single-branch',
    '--no-recurse-submodules',
    ...(ref ? ['--branch', ref] : []),
    '--',
    source.url,
    checkout,
  ];
  const timeoutMs = options.timeoutMs ?? DEFAULT_CLONE_TIMEOUT_MS;
  return new Promise<void>((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        env: gitEnv(source, home),
        cwd: home,
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 1024 * 1024,
        windowsHide: true,
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (error, _stdout, stderr) => {
        if (!error) return resolve();
        reject(cloneError(error, String(stderr), source, ref, timeoutMs, options.signal));
      },
    );
  });
}

/** Only what git needs from this process's environment: the path, proxies and CA settings. */
function gitEnv(source: GitUrl, home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: os.devNull,
    GIT_ALLOW_PROTOCOL: source.protocol,
    GIT_LFS_SKIP_SMUDGE: '1',
  };
  for (const name of [
    'HTTPS_PROXY',
    'https_proxy',
    'HTTP_PROXY',
    'http_proxy',
    'NO_PROXY',
    'no_proxy',
    'ALL_PROXY',
    'all_proxy',
    'GIT_SSL_CAINFO',
    'SSL_CERT_FILE',
    'SSL_CERT_DIR',
  ]) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  if (source.credentials) {
    // in the environment, not on the command line, where other users of the machine could read it
    const { username, password } = source.credentials;
    env.GIT_CONFIG_COUNT = '1';
    env.GIT_CONFIG_KEY_0 = 'http.extraHeader';
    env.GIT_CONFIG_VALUE_0 = `Authorization: Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }
  return env;
}

function cloneError(
  error: ExecFileException,
  stderr: string,
  source: GitUrl,
  ref: string | null,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): OspoError {
  if (signal?.aborted || error.name === 'AbortError') {
    return new ConflictError('ERR_OSPO_JOB_CANCELLED', 'the job was cancelled while cloning');
  }
  if (error.code === 'ENOENT') {
    return new SourceUnavailableError('ERR_OSPO_SCAN_GIT_MISSING', 'git is not installed on this worker', {
      hint: 'Install git (2.32 or later) where `ospo serve` or `ospo worker` runs.',
    });
  }
  if (error.killed) {
    return new SourceUnavailableError(
      'ERR_OSPO_SCAN_GIT_TIMEOUT',
      `cloning ${source.url} took longer than ${Math.round(timeoutMs / 1000)} s`,
      { hint: 'Check that the host answers; a very large repository may be better scanned from a checkout.' },
    );
  }
  const fatal = firstFatal(stderr);
  const said = fatal ? `: ${fatal}` : '';
  let hint = 'Check the URL and that the repository can be reached from the worker, then submit it again.';
  if (ref && /Remote branch .* not found/i.test(stderr)) {
    hint = `There is no branch or tag "${ref}"; check its name.`;
  } else if (/Authentication failed|could not read (Username|Password)|\b401\b|\b403\b/i.test(stderr)) {
    hint = 'The repository needs credentials: give a read-only token in the URL (https://user:token@host/…).';
  } else if (/\b30[1278]\b|redirect/i.test(stderr)) {
    hint = 'The host answered with a redirect, which git scans do not follow: give the final URL.';
  }
  return new SourceUnavailableError('ERR_OSPO_SCAN_GIT_CLONE', `cannot clone ${source.url}${said}`, {
    hint,
  });
}

/** git's first `fatal:` line (or last line), with any URL userinfo taken out. */
function firstFatal(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const line = lines.find((l) => l.startsWith('fatal:')) ?? lines.at(-1) ?? '';
  return line
    .replace(/^fatal:\s*/, '')
    .replace(/\/\/[^/@\s]*@/g, '//')
    .slice(0, 300);
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
