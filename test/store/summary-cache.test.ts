import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/core/schemas.js';
import type { Actor } from '../../src/services/actor.js';
import { createProject } from '../../src/services/projects.js';
import { cachedSummary, MAX_AGE_MS } from '../../src/services/summary-cache.js';
import { addTeamMember, createTeam } from '../../src/services/teams.js';
import { createUser } from '../../src/services/users.js';
import type { OpenStore } from '../../src/store/index.js';
import { backends } from '../support/stores.js';

const local: Actor = { kind: 'local', name: 'test' };

describe.each(backends)('portfolio summaries kept per change stamp on $name', (backend) => {
  let store: OpenStore;
  let dispose: () => Promise<void>;
  let admin: Actor;
  let member: Actor;
  let memberUser: User;
  let time = 1_000_000;
  const clock = () => time;
  let computed = 0;
  const compute = async () => {
    computed += 1;
    return { n: computed };
  };
  const ask = (actor: Actor, name = 'test') =>
    cachedSummary(store, actor, name, ['projects:read', 'audit:read'], compute, clock);

  beforeAll(async () => {
    ({ store, dispose } = await backend.fresh());
    const password = 'a long enough password';
    const adminUser = await createUser(store, local, {
      email: 'a@example.com',
      name: 'A',
      role: 'admin',
      password,
    });
    memberUser = await createUser(store, local, {
      email: 'm@example.com',
      name: 'M',
      role: 'member',
      password,
    });
    admin = { kind: 'user', user: adminUser };
    member = { kind: 'user', user: memberUser };
  });
  afterAll(() => dispose());

  it('computes once and reuses the answer while nothing changed', async () => {
    const first = await ask(admin);
    const again = await ask(admin);
    expect(again).toBe(first);
    expect(computed).toBe(1);
  });

  it('shares one computation between concurrent callers', async () => {
    await createProject(store, local, { name: 'shared' }); // a change: the next answer is computed anew
    const before = computed;
    const answers = await Promise.all([ask(admin), ask(admin), ask(admin)]);
    expect(computed).toBe(before + 1);
    expect(new Set(answers).size).toBe(1);
  });

  it('keeps one answer per view: what the caller may read and which teams it sees', async () => {
    const before = computed;
    const forAdmin = await ask(admin);
    const forMember = await ask(member);
    expect(forMember).not.toBe(forAdmin);
    expect(computed).toBe(before + 1);
    // joining a team changes the member's view (and writes an audit entry)
    const team = await createTeam(store, local, { name: 'web' });
    await addTeamMember(store, local, team.id, { user: memberUser.email });
    const after = await ask(member);
    expect(after).not.toBe(forMember);
    expect(await ask(member, 'other')).not.toBe(after);
  });

  it('computes again after any audited change', async () => {
    const kept = await ask(admin);
    await createProject(store, local, { name: 'another' });
    expect(await ask(admin)).not.toBe(kept);
  });

  it('computes again after a scan is matched against advisories', async () => {
    await createProject(store, local, { name: 'matched' });
    const kept = await ask(admin);
    await sql`insert into scans (project_id, created_by, source, tool_version, package_count, edge_count, matched_at)
      select id, 'local:test', 'sbom', 'test', 0, 0, now() from projects where name = 'matched'`.execute(
      store.database.db,
    );
    expect(await ask(admin)).not.toBe(kept);
  });

  it('serves an answer past its age while a fresh one is computed, then the fresh one', async () => {
    const kept = await ask(admin);
    const before = computed;
    time += MAX_AGE_MS + 1;
    expect(await ask(admin)).toBe(kept);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(computed).toBe(before + 1);
    const fresh = await ask(admin);
    expect(fresh).not.toBe(kept);
    expect(computed).toBe(before + 1);
  });

  it('does not keep a failed computation', async () => {
    const failing = () => Promise.reject(new Error('broken'));
    await expect(cachedSummary(store, admin, 'failing', [], failing, clock)).rejects.toThrow('broken');
    const ok = await cachedSummary(store, admin, 'failing', [], compute, clock);
    expect(ok).toMatchObject({ n: computed });
  });
});
