import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, type User } from '../api';
import { ProblemAlert } from '../components/ProblemAlert';
import { ProjectLicensesPanel } from '../licenses/ProjectLicensesPanel';
import { Link } from '../router';
import { ProjectVulnerabilitiesPanel } from '../vulnerabilities/ProjectVulnerabilitiesPanel';
import { DependencyTree } from './DependencyTree';
import { InventoryPanel } from './InventoryPanel';
import { lifecycleLabels, relationLabels } from './labels';
import { PageHeader } from './PageHeader';
import { SbomUploadForm } from './SbomUploadForm';
import { ScanHistory } from './ScanHistory';

/** Roles with scans:write: they may upload an SBOM. */
const scanWriters: ReadonlySet<User['role']> = new Set(['admin', 'ospo', 'member']);

/**
 * One project: what it is, its license verdicts and vulnerabilities, its scan history, and the inventory
 * of the scan in view.
 */
export function ProjectPage({ name, user }: { name: string; user: User }) {
  const project = useQuery({ queryKey: ['project', name], queryFn: () => api.getProject(name) });
  const scans = useQuery({
    queryKey: ['scans', name],
    queryFn: () => api.listScans(name, { limit: 50 }),
    enabled: project.isSuccess,
  });
  const [chosen, setChosen] = useState<string | null>(null);

  if (project.isPending) return <p role="status">Loading {name}…</p>;
  if (project.error instanceof ApiError && project.error.code === 'ERR_OSPO_PROJECT_FORBIDDEN') {
    return (
      <>
        <PageHeader title={name} />
        <section className="empty-state" aria-labelledby="project-forbidden">
          <h2 id="project-forbidden">Not your team's project</h2>
          <p>
            {name} belongs to a team you are not a member of, so you cannot see it. Ask an ospokit admin to
            add you to the owning team.
          </p>
          <p>
            <Link to="/projects">Your teams' projects</Link>
          </p>
        </section>
      </>
    );
  }
  if (project.isError) return <ProblemAlert error={project.error} title={`Could not load project ${name}`} />;
  const p = project.data;
  const history = scans.data?.items ?? [];
  const selectedIndex = Math.max(
    0,
    history.findIndex((s) => s.id === chosen),
  );
  const selected = history[selectedIndex];
  const previous = history[selectedIndex + 1];

  return (
    <>
      <PageHeader title={p.name} />
      <p className="lead">{p.description ?? 'No description.'}</p>
      <dl className="facts">
        <div>
          <dt>Lifecycle</dt>
          <dd>{lifecycleLabels[p.lifecycle]}</dd>
        </div>
        <div>
          <dt>Relation to open source</dt>
          <dd>{relationLabels[p.relation]}</dd>
        </div>
        <div>
          <dt>Scans</dt>
          <dd>{scans.isSuccess ? history.length + (scans.data.next ? '+' : '') : '…'}</dd>
        </div>
      </dl>
      <ProblemAlert error={scans.error} title="Could not load the scans" />
      {scans.isSuccess && history.length === 0 ? (
        <section className="empty-state" aria-labelledby="no-scans">
          <h2 id="no-scans">No scans yet</h2>
          <p>
            A scan records every dependency found in the project's lockfiles and manifests. Save one from the
            project's checkout:
          </p>
          <pre className="command">
            <code>ospo scan . --save --project {p.name}</code>
          </pre>
          {scanWriters.has(user.role) ? <p>Or upload an SBOM of it below.</p> : null}
        </section>
      ) : null}
      {scanWriters.has(user.role) && scans.isSuccess ? (
        <SbomUploadForm project={p} onScanSaved={setChosen} />
      ) : null}
      <ProjectLicensesPanel project={p} user={user} />
      {history.length > 0 ? <ProjectVulnerabilitiesPanel project={p} /> : null}
      {selected ? (
        <>
          <ScanHistory scans={history} selected={selected.id} onSelect={setChosen} />
          <InventoryPanel scan={selected} previous={previous} />
          <DependencyTree scan={selected} />
        </>
      ) : null}
    </>
  );
}
