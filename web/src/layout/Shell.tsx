import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api, type Session } from '../api';
import { signedOut } from '../auth/session';
import { ProblemAlert } from '../components/ProblemAlert';
import { HomePage } from '../home/HomePage';
import { LicensesPage, licensesViewOf } from '../licenses/LicensesPage';
import { packageRefOf } from '../packages/api';
import { PackagePage } from '../packages/PackagePage';
import { InventoryPage } from '../pages/InventoryPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { ProjectPage } from '../pages/ProjectPage';
import { ProjectsPage } from '../pages/ProjectsPage';
import { SectionPlaceholder } from '../pages/SectionPlaceholder';
import { Link, usePath } from '../router';
import { sections } from '../sections';
import { AuditLogPage } from '../settings/audit/AuditLogPage';
import { AUDIT_LOG_PATH } from '../settings/audit/api';
import { SettingsPage, settingsViewOf } from '../settings/SettingsPage';
import { VulnerabilitiesPage, vulnerabilitiesViewOf } from '../vulnerabilities/VulnerabilitiesPage';

export function Shell({ session }: { session: Session }) {
  const client = useQueryClient();
  const path = usePath();
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  const health = useQuery({ queryKey: ['health'], queryFn: api.health, staleTime: Number.POSITIVE_INFINITY });
  const logout = useMutation({
    mutationFn: api.logout,
    onSuccess: () => signedOut(client),
    // A 401 means the session had ended already; the global handler shows sign-in. Other failures stay here.
  });
  const projectName = /^\/projects\/([^/]+)$/.exec(path)?.[1];
  const licensesView = licensesViewOf(path);
  const vulnerabilitiesView = vulnerabilitiesViewOf(path);
  const settingsView = settingsViewOf(path);
  const packageRef = packageRefOf(path);
  const section = sections.find(
    (s) =>
      s.path === path ||
      (projectName && s.path === '/projects') ||
      (packageRef !== undefined && s.path === '/inventory') ||
      (licensesView && s.path === '/licenses') ||
      (vulnerabilitiesView && s.path === '/vulnerabilities') ||
      (path.startsWith('/settings/') && s.path === '/settings'),
  );
  const title =
    licensesView?.title ??
    vulnerabilitiesView?.title ??
    (path === AUDIT_LOG_PATH ? 'Audit log' : undefined) ??
    settingsView?.title ??
    packageRef ??
    (path === '/' ? 'Portfolio' : section?.label);

  // Every section and view has its own title, so a new title means a navigation (views of a section too).
  useEffect(() => {
    document.title = title ? `${title} · ospokit` : 'ospokit';
    // After a navigation, move focus to the new page's heading so screen readers announce it.
    if (firstRender.current) firstRender.current = false;
    else main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [title]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          ospokit
        </Link>
        <div className="account">
          <a href="/api/docs">API reference</a>
          <span className="account-name" title={session.user.email}>
            {session.user.name}
          </span>
          <span className="badge" title="Your role">
            <span className="visually-hidden">Role: </span>
            {session.user.role}
          </span>
          <button
            type="button"
            className="button button-small"
            onClick={() => logout.mutate()}
            disabled={logout.isPending}
          >
            Sign out
          </button>
        </div>
      </header>
      <div className="layout">
        <nav className="sidebar" aria-label="Sections">
          <ul>
            {sections.map((s) => (
              <li key={s.path}>
                <Link
                  to={s.path}
                  aria-current={s.path === path ? 'page' : s === section ? 'true' : undefined}
                >
                  {s.label}
                </Link>
              </li>
            ))}
          </ul>
          {health.data ? <p className="sidebar-version">Version {health.data.version}</p> : null}
        </nav>
        <main id="main" ref={main} className="content">
          <ProblemAlert error={logout.error} title="Could not sign out" />
          {path === '/' ? (
            <HomePage user={session.user} />
          ) : path === '/projects' ? (
            <ProjectsPage user={session.user} />
          ) : projectName ? (
            <ProjectPage name={decodeURIComponent(projectName)} user={session.user} />
          ) : packageRef !== undefined ? (
            <PackagePage packageRef={packageRef} />
          ) : path === '/inventory' ? (
            <InventoryPage />
          ) : licensesView ? (
            <LicensesPage view={licensesView.view} user={session.user} />
          ) : vulnerabilitiesView ? (
            <VulnerabilitiesPage view={vulnerabilitiesView} user={session.user} />
          ) : settingsView ? (
            <SettingsPage view={settingsView.view} user={session.user} />
          ) : path === AUDIT_LOG_PATH ? (
            <AuditLogPage user={session.user} />
          ) : section ? (
            <SectionPlaceholder section={section} />
          ) : (
            <NotFoundPage path={path} />
          )}
        </main>
      </div>
    </div>
  );
}
