/** The policy's rules in brief; the full text is docs/guide/license-policy.md. */
export function PolicyGuide() {
  return (
    <section className="card guide" aria-labelledby="policy-guide">
      <h2 id="policy-guide">How a policy reads</h2>
      <p>
        <strong>Distribution contexts</strong> say how a project's code reaches others: <code>internal</code>{' '}
        (used only inside the organization), <code>saas</code> (run as a service),{' '}
        <code>distributed-binary</code> (shipped as binaries or images, the default) and <code>library</code>{' '}
        (published for others to build in). <code>context:</code> sets the default; each project can set its
        own on its page. Dependencies in the <code>dev</code> scope are judged as internal unless{' '}
        <code>scopes:</code> says otherwise.
      </p>
      <p>
        <strong>Categories</strong> group licenses by what they ask: public-domain, permissive, weak-copyleft
        (LGPL, MPL), strong-copyleft (GPL), network-copyleft (AGPL), non-commercial, proprietary and unknown.{' '}
        <code>categories:</code> gives your own LicenseRefs one.
      </p>
      <p>
        <strong>Rules</strong> name one <code>license</code> (an SPDX id) or one <code>category</code>,
        optionally the <code>contexts</code> they are for, a <code>verdict</code> (allow, review or deny) and
        a <code>reason</code> shown with it. Yours win over the built-in ones (<code>extends: default</code>);
        the most specific rule decides.
      </p>
      <p>
        <strong>Expressions</strong>: <code>A OR B</code> is a choice, and the best one is elected;{' '}
        <code>A AND B</code> means both apply, so the worst verdict counts;{' '}
        <code>GPL-2.0-only WITH Classpath-exception-2.0</code> applies the exception, which can make strong
        copyleft weak.
      </p>
      <p className="muted">
        The full guide, with the default rules for every context and the waiver format, is{' '}
        <code>docs/guide/license-policy.md</code> in the ospokit sources.
      </p>
    </section>
  );
}
