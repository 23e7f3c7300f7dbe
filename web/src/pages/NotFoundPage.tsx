import { Link } from '../router';
import { PageHeader } from './PageHeader';

export function NotFoundPage({ path }: { path: string }) {
  return (
    <>
      <PageHeader title="Page not found" />
      <section className="empty-state">
        <p>
          There is no page at <code>{path}</code>.
        </p>
        <p>
          <Link to="/projects">Go to Projects</Link>
        </p>
      </section>
    </>
  );
}
