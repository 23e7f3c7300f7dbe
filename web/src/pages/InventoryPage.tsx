import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { ProblemAlert } from '../components/ProblemAlert';
import { PackageSearch } from '../home/PackageSearch';
import { PageHeader } from './PageHeader';
import { ProjectsTable } from './ProjectsTable';

/** Inventory lives per project: pick one to see its packages and scan history. */
export function InventoryPage() {
  const projects = useQuery({
    queryKey: ['projects', 'inventory'],
    queryFn: () => api.listProjects({ limit: 500 }),
  });
  return (
    <>
      <PageHeader title="Inventory" />
      <p className="lead">
        The open source packages each project depends on, read from its lockfiles and manifests. Choose a
        project to see its packages, filter them, and compare scans.
      </p>
      <p>
        Save a scan from a project's checkout with <code>ospo scan . --save --project NAME</code>.
      </p>
      <PackageSearch />
      <ProblemAlert error={projects.error} title="Could not load the projects" />
      {projects.data ? <ProjectsTable projects={projects.data.items} /> : null}
    </>
  );
}
