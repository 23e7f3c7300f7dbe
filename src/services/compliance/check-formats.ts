import type { CheckedPackage, CheckReport } from './check.js';

/**
 * `ospo check` reports for the places CI shows them: SARIF 2.1.0 for code-scanning views, JUnit XML for
 * test dashboards, Markdown for pull-request comments. Pure: report in, text out.
 */

const INFO_URI = 'https://github.com/ospokit/ospokit';

export function packageLabel(p: CheckedPackage): string {
  return p.version ? `${p.name}@${p.version}` : p.name;
}

/** The license as judged, with the OR choice made when there was one. */
export function licenseLabel(p: CheckedPackage): string {
  return p.result.elected && p.result.elected !== p.result.expression
    ? `${p.result.expression} (elected: ${p.result.elected})`
    : p.result.expression;
}

/** Why, in one line: the rules that decided, and the waiver when there is one. */
export function explain(p: CheckedPackage): string {
  const reasons = p.result.reasons
    .filter((r) => r.verdict !== 'allow' || p.result.verdict === 'allow')
    .map(
      (r) =>
        `${r.license} is ${r.category} (${r.rule.description}${r.rule.reason ? `: ${r.rule.reason}` : ''})`,
    );
  const waived = p.result.waived ? `; waived by ${p.result.waived}` : '';
  const via = p.introducedBy ? `; brought in by ${p.introducedBy.slice(1).reverse().join(' > ')}` : '';
  return `${reasons.join('; ') || 'no rule applied'}${waived}${via}`;
}

export function sarifReport(report: CheckReport, toolVersion: string): string {
  const rules = [
    { id: 'ospo/license-denied', level: 'error', text: 'A dependency is under a license the policy denies.' },
    {
      id: 'ospo/license-review',
      level: 'warning',
      text: 'A dependency is under a license the policy asks to review.',
    },
  ];
  const results = report.packages
    .filter((p) => p.result.verdict !== 'allow')
    .map((p) => {
      const denied = p.result.verdict === 'deny';
      return {
        ruleId: denied ? 'ospo/license-denied' : 'ospo/license-review',
        ruleIndex: denied ? 0 : 1,
        level: denied ? 'error' : 'warning',
        message: {
          text: `${packageLabel(p)} (${p.ecosystem}) is under ${licenseLabel(p)}: ${p.result.verdict}. ${explain(p)}`,
        },
        locations: p.locations.map((uri) => ({ physicalLocation: { artifactLocation: { uri } } })),
        partialFingerprints: { 'ospoPackage/v1': `${p.purl}|${p.result.expression}` },
        properties: {
          purl: p.purl,
          scope: p.scope,
          license: p.result.expression,
          ...(p.result.elected ? { elected: p.result.elected } : {}),
          ...(p.introducedBy ? { introducedBy: p.introducedBy } : {}),
        },
      };
    });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ospokit',
            version: toolVersion,
            informationUri: INFO_URI,
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.text },
              defaultConfiguration: { level: r.level },
            })),
          },
        },
        results,
        properties: { context: report.context, summary: report.summary },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

export function junitReport(report: CheckReport): string {
  const failures = report.summary.deny + report.summary.review;
  const cases = report.packages.map((p) => {
    const name = `${packageLabel(p)} (${licenseLabel(p)})`;
    const open = `    <testcase classname="${xml(`licenses.${p.ecosystem}`)}" name="${xml(name)}">`;
    if (p.result.verdict === 'allow') {
      return p.result.waived
        ? `${open}\n      <system-out>${xml(explain(p))}</system-out>\n    </testcase>`
        : `${open}</testcase>`;
    }
    const type = p.result.verdict === 'deny' ? 'license-denied' : 'license-review';
    return `${open}\n      <failure type="${type}" message="${xml(`${p.result.verdict}: ${licenseLabel(p)}`)}">${xml(explain(p))}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ospo check" tests="${report.summary.packages}" failures="${failures}">`,
    `  <testsuite name="license policy (${xml(report.context)})" tests="${report.summary.packages}" failures="${failures}" errors="0" skipped="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

export function markdownReport(report: CheckReport): string {
  const { summary } = report;
  const status =
    summary.deny > 0
      ? '❌ denied licenses found'
      : summary.review > 0
        ? '⚠️ licenses to review'
        : '✅ all licenses allowed';
  const lines = [
    `### ospo license check: ${status}`,
    '',
    `Context: **${report.context}**${report.project ? ` · project **${md(report.project)}**` : ''}`,
    '',
    '| packages | allowed | review | denied | waived |',
    '|---:|---:|---:|---:|---:|',
    `| ${summary.packages} | ${summary.allow} | ${summary.review} | ${summary.deny} | ${summary.waived} |`,
  ];
  const flagged = report.packages.filter((p) => p.result.verdict !== 'allow');
  if (flagged.length > 0) {
    lines.push('', '| verdict | package | license | scope | why |', '|---|---|---|---|---|');
    for (const p of flagged.slice(0, 200)) {
      lines.push(
        `| ${p.result.verdict} | \`${md(packageLabel(p))}\` (${p.ecosystem}) | ${md(licenseLabel(p))} | ${p.scope} | ${md(explain(p))} |`,
      );
    }
    if (flagged.length > 200) lines.push('', `…and ${flagged.length - 200} more; see the full report.`);
  }
  return `${lines.join('\n')}\n`;
}

/** Escaped for XML 1.0, without the control characters it cannot carry at all. */
function xml(text: string): string {
  let kept = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (c >= 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) kept += ch;
  }
  return kept.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function md(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
