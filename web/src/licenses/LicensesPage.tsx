import type { User } from '../api';
import { PageHeader } from '../pages/PageHeader';
import { Link } from '../router';
import { PolicyPage } from './PolicyPage';
import { PortfolioView } from './PortfolioView';
import { WaiversPage } from './WaiversPage';

export type LicensesView = 'overview' | 'policy' | 'waivers';

const views: readonly { view: LicensesView; path: string; label: string; title: string }[] = [
  { view: 'overview', path: '/licenses', label: 'Overview', title: 'Licenses' },
  { view: 'policy', path: '/licenses/policy', label: 'Policy', title: 'License policy' },
  { view: 'waivers', path: '/licenses/waivers', label: 'Waivers', title: 'License waivers' },
];

/** The view a path of the Licenses section shows, if it is one. */
export function licensesViewOf(path: string): { view: LicensesView; title: string } | undefined {
  return views.find((v) => v.path === path);
}

/** The Licenses section: the portfolio's verdicts, the policy that decides them, and its waivers. */
export function LicensesPage({ view, user }: { view: LicensesView; user: User }) {
  const current = views.find((v) => v.view === view) ?? views[0]!;
  return (
    <>
      <PageHeader title={current.title} />
      <nav className="subnav" aria-label="License views">
        <ul>
          {views.map((v) => (
            <li key={v.view}>
              {v.view === view ? (
                <span aria-current="page">{v.label}</span>
              ) : (
                <Link to={v.path}>{v.label}</Link>
              )}
            </li>
          ))}
        </ul>
      </nav>
      {view === 'overview' ? (
        <PortfolioView />
      ) : view === 'policy' ? (
        <PolicyPage user={user} />
      ) : (
        <WaiversPage user={user} />
      )}
    </>
  );
}
