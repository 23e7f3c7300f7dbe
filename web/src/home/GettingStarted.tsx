import type { ReactNode } from 'react';
import type { User } from '../api';
import { Link } from '../router';
import type { Portfolio } from './api';

/** Whether the three first steps are done: a project, a saved scan, advisories to match against. */
export function isSetUp(data: Portfolio): boolean {
  return steps(data).every((s) => s.done);
}

function steps(data: Portfolio) {
  return [
    { key: 'project', done: data.projects.total > 0 },
    { key: 'scan', done: data.projects.scanned > 0 },
    // without advisories:read the step cannot be judged; it is not the reader's to do
    { key: 'advisories', done: data.vulnerabilities === null || data.vulnerabilities.advisories > 0 },
  ] as const;
}

/** What a new installation needs first, in order, each step marked done or to do in words. */
export function GettingStarted({ data, user }: { data: Portfolio; user: User }) {
  const [project, scan, advisories] = steps(data);
  const canWrite = user.role === 'admin' || user.role === 'ospo' || user.role === 'member';
  return (
    <section aria-labelledby="getting-started" className="empty-state">
      <h2 id="getting-started">Getting started</h2>
      <p>The portfolio fills in as you catalogue projects, scan them and bring in security advisories.</p>
      <ol className="steps">
        <Step done={project?.done ?? false} title="Create a project">
          {canWrite ? (
            <p>
              On the <Link to="/projects">Projects</Link> page, or from the command line:
            </p>
          ) : (
            <p>Ask someone with the member, ospo or admin role to create one, or from the command line:</p>
          )}
          <pre className="command">
            <code>ospo projects create NAME</code>
          </pre>
        </Step>
        <Step done={scan?.done ?? false} title="Save a scan">
          <p>
            From the project's checkout, or upload an SBOM (CycloneDX or SPDX) to{' '}
            <code>POST /api/v1/projects/NAME/scans</code>:
          </p>
          <pre className="command">
            <code>ospo scan . --save --project NAME</code>
          </pre>
        </Step>
        <Step done={advisories?.done ?? false} title="Import security advisories">
          <p>OSV records (files, folders, or an osv.dev zip dump), or download osv.dev's dumps:</p>
          <pre className="command">
            <code>ospo advisories import PATH</code>
          </pre>
          <pre className="command">
            <code>ospo advisories sync</code>
          </pre>
        </Step>
      </ol>
    </section>
  );
}

function Step(props: { done: boolean; title: string; children: ReactNode }) {
  return (
    <li className={props.done ? 'step step-done' : 'step'}>
      <p className="step-title">
        <span aria-hidden="true">{props.done ? '✓ ' : '○ '}</span>
        {props.title} <span className="badge">{props.done ? 'Done' : 'To do'}</span>
      </p>
      {props.done ? null : <div className="step-body">{props.children}</div>}
    </li>
  );
}
