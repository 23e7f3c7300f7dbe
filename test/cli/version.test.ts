import { describe, expect, it } from 'vitest';
import { ospo } from '../support/cli.js';

const compare = (ecosystem: string, stdin: string, ...flags: string[]) =>
  ospo(['version', 'compare', '--ecosystem', ecosystem, ...flags], {}, stdin);

describe('ospo version compare', () => {
  it('prints -1, 0 or 1 for each line, in the ecosystem ordering', async () => {
    const res = await compare('npm', '1.0.0-rc.1 1.0.0\n1.0.0+a 1.0.0+b\n2.0.0   1.10.0\n');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('-1\n0\n1\n');
  });

  it('takes an ecosystem with a release suffix, and CRLF input', async () => {
    const res = await compare('Debian:12', '1.0~rc1 1.0\r\n1:0.9 2.0\r\n');
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('-1\n1\n');
  });

  it('answers the good lines, reports each bad one by number, and exits 2', async () => {
    const res = await compare('PyPI', '1.0 1.0.0\nnot-a-version 1.0\n\n1.0rc1\n1.0.post1 1.0\n');
    expect(res.code).toBe(2);
    // one output line per input line, empty for the bad and the blank ones
    expect(res.stdout).toBe('0\n\n\n\n1\n');
    expect(res.stderr).toMatch(/^ospo: line 2: .*\[ERR_OSPO_VERSION\]$/m);
    expect(res.stderr).toMatch(/^ospo: line 4: .*\[ERR_OSPO_USAGE\]$/m);
    expect(res.stderr.trim().split('\n')).toHaveLength(2);
  });

  it('writes the answers as JSON with --format json', async () => {
    const res = await compare('Maven', '1.0-SNAPSHOT 1.0\n1.0 1.0:2\n', '--format', 'json');
    expect(res.code).toBe(2);
    expect(JSON.parse(res.stdout)).toEqual([
      { line: 1, a: '1.0-SNAPSHOT', b: '1.0', order: -1 },
      { line: 2, error: expect.objectContaining({ code: 'ERR_OSPO_VERSION' }) },
    ]);
  });

  it('refuses an ecosystem with no ordering, with exit 2 and the known ones as a hint', async () => {
    const res = await compare('COBOL', '1 2\n');
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain('[ERR_OSPO_UNKNOWN_ECOSYSTEM]');
    expect(res.stderr).toMatch(/hint: .*PyPI/);
  });

  it('needs --ecosystem', async () => {
    const res = await ospo(['version', 'compare'], {}, '1 2\n');
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--ecosystem');
  });
});
