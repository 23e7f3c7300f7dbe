import { Prose } from '../components/Prose';
import type { Section } from '../sections';
import { PageHeader } from './PageHeader';

/** An honest page for a section this version does not have yet: what it will hold, nothing pretend. */
export function SectionPlaceholder({ section }: { section: Section }) {
  return (
    <>
      <PageHeader title={section.label} />
      <section className="empty-state">
        <p className="empty-state-status">
          <span className="badge badge-neutral">Not available yet</span>
        </p>
        <p>{section.summary}</p>
        <p className="muted">This section is not available yet in this version of ospokit.</p>
        {section.meanwhile ? (
          <p className="muted">
            <Prose text={section.meanwhile} />
          </p>
        ) : null}
      </section>
    </>
  );
}
