import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api, type User } from '../api';
import { ProblemAlert } from '../components/ProblemAlert';
import { NewProjectForm } from './NewProjectForm';
import { PageHeader } from './PageHeader';
import { ProjectsTable } from './ProjectsTable';

const PAGE_SIZE = 50;
const WRITERS = new Set(['admin', 'ospo', 'member']);

export function ProjectsPage({ user }: { user: User }) {
  const [formOpen, setFormOpen] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const toggleButton = useRef<HTMLButtonElement>(null);
  const canWrite = WRITERS.has(user.role);
  const projects = useInfiniteQuery({
    queryKey: ['projects'],
    queryFn: ({ pageParam }) => api.listProjects({ limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const items = projects.data?.pages.flatMap((page) => page.items) ?? [];
  const isEmpty = projects.isSuccess && items.length === 0;
  const showForm = canWrite && (formOpen || isEmpty);

  // When the form closes after a create, put focus back on the button that opens it again.
  useEffect(() => {
    if (created) toggleButton.current?.focus();
  }, [created]);

  const toggle = canWrite && !isEmpty && (
    <button
      ref={toggleButton}
      type="button"
      className={formOpen ? 'button' : 'button button-primary'}
      aria-expanded={formOpen}
      onClick={() => {
        setFormOpen(!formOpen);
        setCreated(null);
      }}
    >
      {formOpen ? 'Close form' : 'New project'}
    </button>
  );

  return (
    <>
      <PageHeader title="Projects" actions={toggle} />
      <p className="lead">The catalogue of projects your OSPO looks after.</p>
      <p role="status" className={created ? 'notice' : 'visually-hidden'}>
        {created ? (
          <>
            <span aria-hidden="true">✓ </span>Created project <strong>{created}</strong>.
          </>
        ) : null}
      </p>
      {isEmpty ? <EmptyState canWrite={canWrite} /> : null}
      {showForm ? (
        <NewProjectForm
          onCreated={(project) => {
            setCreated(project.name);
            setFormOpen(false);
          }}
        />
      ) : null}
      {projects.isPending ? <p className="muted">Loading projects…</p> : null}
      <ProblemAlert error={projects.error} title="Could not load projects" />
      {items.length > 0 ? (
        <>
          <ProjectsTable projects={items} />
          <div className="table-footer">
            <p className="muted small">
              Showing {items.length} {items.length === 1 ? 'project' : 'projects'}
              {projects.hasNextPage ? '; more are available' : ''}.
            </p>
            {projects.hasNextPage ? (
              <button
                type="button"
                className="button"
                onClick={() => projects.fetchNextPage()}
                disabled={projects.isFetchingNextPage}
              >
                {projects.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            ) : null}
          </div>
        </>
      ) : null}
    </>
  );
}

function EmptyState({ canWrite }: { canWrite: boolean }) {
  return (
    <section className="empty-state" aria-labelledby="projects-empty-title">
      <h2 id="projects-empty-title">No projects yet</h2>
      <p>
        A project is a piece of software your organization builds, runs or publishes: a service, a library, an
        app. Everything else ospokit tracks (dependencies, licenses, vulnerabilities) will be recorded against
        a project, so the catalogue comes first.
      </p>
      {canWrite ? (
        <p>
          Create your first project with the form below, or from the command line with{' '}
          <code>ospo projects create NAME</code>.
        </p>
      ) : (
        <p>Your role can read projects but not add them. Ask an ospokit admin to add the first one.</p>
      )}
    </section>
  );
}
