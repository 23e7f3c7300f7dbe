/**
 * The product's sections, in navigation order. Home, Projects, Inventory, Licenses, Vulnerabilities and
 * Settings are live in this version.
 */
export interface Section {
  path: string;
  label: string;
  /** What the section will hold, in one or two sentences. */
  summary: string;
  /** Something true the user can do today instead, if anything. */
  meanwhile?: string;
}

export const sections: readonly Section[] = [
  {
    path: '/',
    label: 'Home',
    summary:
      'The portfolio at a glance: projects by risk, licenses, vulnerabilities, scan freshness and recent activity.',
  },
  {
    path: '/projects',
    label: 'Projects',
    summary: 'The catalogue of projects your OSPO looks after.',
  },
  {
    path: '/inventory',
    label: 'Inventory',
    summary:
      'The open source packages each project depends on, read from lockfiles and SBOMs, ' +
      'with their versions and package URLs.',
  },
  {
    path: '/licenses',
    label: 'Licenses',
    summary:
      'The licenses declared and detected for every dependency, checked against your license policy, ' +
      'with the obligations they bring.',
  },
  {
    path: '/vulnerabilities',
    label: 'Vulnerabilities',
    summary:
      'Published security advisories that affect the packages in your inventory, ' +
      'with their severity, the versions that fix them, and their triage.',
  },
  {
    path: '/governance',
    label: 'Governance',
    summary:
      'Your policies for using, contributing to and releasing open source, ' +
      'and the approvals and exceptions recorded against them.',
  },
  {
    path: '/community',
    label: 'Community',
    summary:
      'The health of the open source projects you publish and rely on: contributors, releases ' +
      'and responsiveness, from git history and code forges.',
  },
  {
    path: '/program',
    label: 'Program',
    summary:
      'How the OSPO itself is doing: program metrics, maturity assessments and reports for leadership.',
  },
  {
    path: '/settings',
    label: 'Settings',
    summary:
      'Users and their roles, teams, API tokens, and links to the license policy, waivers and audit log.',
  },
];
