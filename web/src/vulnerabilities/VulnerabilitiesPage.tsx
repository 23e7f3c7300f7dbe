import type { User } from '../api';
import { PageHeader } from '../pages/PageHeader';
import { AdvisoryPage } from './AdvisoryPage';
import { OverviewView } from './OverviewView';

export type VulnerabilitiesView =
  | { view: 'overview'; title: string }
  | { view: 'advisory'; id: string; title: string };

/** The view a path of the Vulnerabilities section shows, if it is one: the overview or one advisory. */
export function vulnerabilitiesViewOf(path: string): VulnerabilitiesView | undefined {
  if (path === '/vulnerabilities' || path === '/vulnerabilities/')
    return { view: 'overview', title: 'Vulnerabilities' };
  const encoded = /^\/vulnerabilities\/([^/]+)$/.exec(path)?.[1];
  if (!encoded) return undefined;
  const id = safeDecode(encoded);
  return { view: 'advisory', id, title: id };
}

/** The Vulnerabilities section: the portfolio with its triage queue, and a page per advisory. */
export function VulnerabilitiesPage({ view, user }: { view: VulnerabilitiesView; user: User }) {
  if (view.view === 'advisory') return <AdvisoryPage id={view.id} user={user} />;
  return (
    <>
      <PageHeader title="Vulnerabilities" />
      <OverviewView />
    </>
  );
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
