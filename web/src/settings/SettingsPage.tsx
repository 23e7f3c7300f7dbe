import type { User } from '../api';
import { PageHeader } from '../pages/PageHeader';
import { Link } from '../router';
import { TeamsView } from './TeamsView';
import { TokensView } from './TokensView';
import { UsersView } from './UsersView';
import './settings.css';

export type SettingsView = 'overview' | 'users' | 'teams' | 'tokens';

const views: readonly { view: SettingsView; path: string; label: string; title: string }[] = [
  { view: 'overview', path: '/settings', label: 'Overview', title: 'Settings' },
  { view: 'users', path: '/settings/users', label: 'Users', title: 'Users' },
  { view: 'teams', path: '/settings/teams', label: 'Teams', title: 'Teams' },
  { view: 'tokens', path: '/settings/tokens', label: 'API tokens', title: 'API tokens' },
];

/** Settings that live in other sections, linked from here so they are found where people look. */
const elsewhere: readonly { path: string; label: string; summary: string }[] = [
  {
    path: '/licenses/policy',
    label: 'License policy',
    summary: 'Which licenses are allowed, need review or are denied, and in which distribution context.',
  },
  {
    path: '/licenses/waivers',
    label: 'Waivers',
    summary: 'Approved exceptions to the license policy, each with a reason, an approver and an expiry.',
  },
  { path: '/settings/audit', label: 'Audit log', summary: 'Who did what, when: every change, append-only.' },
];

/** The view a path of the Settings section shows, if it is one of these (the audit log is its own page). */
export function settingsViewOf(path: string): { view: SettingsView; title: string } | undefined {
  const normal = path.length > 1 ? path.replace(/\/$/, '') : path;
  return views.find((v) => v.path === normal);
}

/** The Settings section: users and roles, teams and members, API tokens, and links to the rest. */
export function SettingsPage({ view, user }: { view: SettingsView; user: User }) {
  const current = views.find((v) => v.view === view) ?? views[0]!;
  return (
    <>
      <PageHeader title={current.title} />
      <SettingsNav current={current.path} />
      {view === 'users' ? (
        <UsersView user={user} />
      ) : view === 'teams' ? (
        <TeamsView user={user} />
      ) : view === 'tokens' ? (
        <TokensView user={user} />
      ) : (
        <Overview />
      )}
    </>
  );
}

/** The Settings sub-navigation; other Settings pages (the audit log) can show it too. */
export function SettingsNav({ current }: { current: string }) {
  const items = [...views, ...elsewhere];
  return (
    <nav className="subnav" aria-label="Settings">
      <ul>
        {items.map((item) => (
          <li key={item.path}>
            {item.path === current ? (
              <span aria-current="page">{item.label}</span>
            ) : (
              <Link to={item.path}>{item.label}</Link>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

const here: readonly { path: string; label: string; summary: string }[] = [
  { path: '/settings/users', label: 'Users', summary: 'Accounts that sign in, and the role each has.' },
  {
    path: '/settings/teams',
    label: 'Teams',
    summary: 'Groups of people that own projects; a team can hold API tokens for its CI.',
  },
  {
    path: '/settings/tokens',
    label: 'API tokens',
    summary: 'Tokens for CI and scripts to call the API with, each with scopes and an expiry.',
  },
];

function Overview() {
  return (
    <ul className="settings-overview">
      {[...here, ...elsewhere].map((item) => (
        <li key={item.path} className="card">
          <h2>
            <Link to={item.path}>{item.label}</Link>
          </h2>
          <p className="muted">{item.summary}</p>
        </li>
      ))}
    </ul>
  );
}
