import type { Project } from '../api';
import { vexFormats, vulnApi } from './api';
import { FindingsQueue } from './FindingsQueue';

/** A project's findings (open ones first shown), paged, with its triage decisions to download as VEX. */
export function ProjectVulnerabilitiesPanel({ project }: { project: Project }) {
  return (
    <section aria-labelledby="vulnerabilities-heading" className="panel">
      <h2 id="vulnerabilities-heading">Vulnerabilities</h2>
      <p className="muted small">
        The latest scan's packages matched against the advisories in the store. Open an advisory to triage its
        findings.
      </p>
      <FindingsQueue project={project.id} caption={`Findings of ${project.name}`} />
      <div className="vex-links">
        <span>Export the triage as VEX:</span>
        <ul className="inline-list">
          {vexFormats.map(({ format, label }) => (
            <li key={format}>
              <a href={vulnApi.vexUrl(project.id, format)} download={`${project.name}.${format}.vex.json`}>
                {label}
                <span className="visually-hidden"> document of {project.name}</span>
              </a>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
