import { formatDateTime } from '../pages/labels';
import { Link } from '../router';
import { projectPagePath } from '../vulnerabilities/labels';
import type { ActivityEntry } from './api';

const actionLabels: Record<string, string> = {
  'advisories.import': 'imported advisories',
  'advisories.sync': 'synced advisories',
  'audit.export': 'exported the audit log',
  'finding.triage': 'triaged a finding in',
  'finding.vex-import': 'imported VEX decisions into',
  'job.cancel': 'cancelled a job',
  'policy.update': 'changed the license policy',
  'project.create': 'created the project',
  'project.distribution': 'changed the distribution context of',
  'project.team': 'changed the owning team of',
  'scan.create': 'saved a scan of',
  'session.create': 'signed in',
  'team.create': 'created a team',
  'team.member.add': 'added a team member',
  'team.member.remove': 'removed a team member',
  'team.update': 'changed a team',
  'token.create': 'created an API token',
  'token.revoke': 'revoked an API token',
  'user.create': 'added a user',
  'user.disable': 'disabled a user',
  'user.enable': 'enabled a user',
  'user.rename': 'renamed a user',
  'user.role': "changed a user's role",
  'waiver.create': 'granted a license waiver',
  'waiver.revoke': 'revoked a license waiver',
};

/** The newest audit entries, newest first, in sentences: who did what to which project, and when. */
export function ActivityList({ entries }: { entries: readonly ActivityEntry[] }) {
  return (
    <section aria-labelledby="home-activity" className="panel">
      <h2 id="home-activity">Recent activity</h2>
      {entries.length === 0 ? (
        <p className="muted">Nothing has happened yet.</p>
      ) : (
        <ol className="activity-list" aria-labelledby="home-activity">
          {entries.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at} className="muted small">
                {formatDateTime(e.at)}
              </time>{' '}
              <span className="activity-actor">{actorLabel(e.actor)}</span>{' '}
              {actionLabels[e.action] ?? <code>{e.action}</code>}
              {e.targetName ? (
                <>
                  {' '}
                  <Link to={projectPagePath(e.targetName)}>{e.targetName}</Link>
                </>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** `user:lee@example.org` as `lee@example.org`; `local:ci` as `ci (local)`. */
function actorLabel(actor: string): string {
  if (actor.startsWith('user:')) return actor.slice(5);
  if (actor.startsWith('local:')) return `${actor.slice(6)} (local)`;
  return actor;
}
