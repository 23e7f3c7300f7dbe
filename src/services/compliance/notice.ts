import { createRequire } from 'node:module';
import type { InventoryPackage } from '../../core/inventory.js';
import { correctExpression } from '../../core/spdx/correct.js';
import { expressionTerms, isLicenseRef, renderExpression } from '../../core/spdx/expression.js';
import type { InstalledEvidence } from './installed-evidence.js';

/**
 * Third-party notices: every package with its license and the copyright statements found in its own
 * license files, then the full text of each license once. License texts come from the SPDX license list
 * (the spdx-license-list data package); a license without a standard text is given by the package's own
 * license file.
 */

export const noticeFormats = ['text', 'markdown', 'html'] as const;
export type NoticeFormat = (typeof noticeFormats)[number];

export interface NoticeEntry {
  name: string;
  version: string | null;
  ecosystem: string;
  purl: string;
  /** The license as declared (or detected from its files when nothing is declared); null when unknown. */
  license: string | null;
  copyrights: string[];
}

export interface NoticeDocument {
  title: string;
  entries: NoticeEntry[];
  /** Each license once: id, name and text (standard, or the package's own file). */
  texts: { id: string; name: string; text: string; from: string }[];
}

interface SpdxText {
  name: string;
  licenseText: string;
}

let licenseTexts: Record<string, SpdxText> | null = null;
function spdxTexts(): Record<string, SpdxText> {
  licenseTexts ??= createRequire(import.meta.url)('spdx-license-list/full') as Record<string, SpdxText>;
  return licenseTexts;
}

export function buildNotice(
  title: string,
  packages: readonly InventoryPackage[],
  evidence: ReadonlyMap<string, InstalledEvidence>,
): NoticeDocument {
  const entries: NoticeEntry[] = [];
  const texts = new Map<string, NoticeDocument['texts'][number]>();
  const sorted = [...packages].sort(
    (a, b) => compare(a.name, b.name) || compare(a.version ?? '', b.version ?? ''),
  );
  for (const p of sorted) {
    const found = evidence.get(p.purl);
    const license = licenseOf(p, found);
    entries.push({
      name: p.name,
      version: p.version,
      ecosystem: p.ecosystem,
      purl: p.purl,
      license: license?.text ?? null,
      copyrights: found?.copyrights ?? [],
    });
    for (const id of license?.ids ?? []) {
      if (texts.has(id)) continue;
      const standard = spdxTexts()[id];
      if (standard)
        texts.set(id, {
          id,
          name: standard.name,
          text: standard.licenseText.trim(),
          from: 'SPDX license list',
        });
      else if (found?.files[0] && isLicenseRef(id)) {
        texts.set(`${id} (${p.name})`, {
          id,
          name: `${id}, as written in ${p.name}`,
          text: found.files[0].text.trim(),
          from: found.files[0].path,
        });
      }
    }
  }
  return { title, entries, texts: [...texts.values()].sort((a, b) => compare(a.id, b.id)) };
}

function licenseOf(
  p: InventoryPackage,
  found: InstalledEvidence | undefined,
): { text: string; ids: string[] } | null {
  const declared = p.licenses.length > 0 ? p.licenses : found?.expression ? [found.expression] : [];
  if (declared.length === 0) return null;
  const ids: string[] = [];
  const parts: string[] = [];
  for (const raw of declared) {
    try {
      const read = correctExpression(raw, { unknown: 'mark' });
      parts.push(renderExpression(read.expression));
      for (const term of expressionTerms(read.expression))
        if (!ids.includes(term.license)) ids.push(term.license);
    } catch {
      parts.push(raw);
    }
  }
  return { text: [...new Set(parts)].join(' AND '), ids };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function renderNotice(doc: NoticeDocument, format: NoticeFormat): string {
  if (format === 'markdown') return markdown(doc);
  if (format === 'html') return html(doc);
  return text(doc);
}

function label(e: NoticeEntry): string {
  return e.version ? `${e.name} ${e.version}` : e.name;
}

function text(doc: NoticeDocument): string {
  const rule = '='.repeat(78);
  const out = [doc.title, rule, '', `This software includes ${doc.entries.length} third-party packages.`, ''];
  for (const e of doc.entries) {
    out.push(`${label(e)} (${e.ecosystem})`, `  License: ${e.license ?? 'not known'}`);
    for (const c of e.copyrights) out.push(`  ${c}`);
    out.push('');
  }
  for (const t of doc.texts) out.push(rule, `${t.id}: ${t.name}`, rule, '', t.text, '');
  return `${out.join('\n')}\n`;
}

function markdown(doc: NoticeDocument): string {
  const out = [
    `# ${doc.title}`,
    '',
    `This software includes ${doc.entries.length} third-party packages.`,
    '',
  ];
  out.push('| package | version | license | copyright |', '|---|---|---|---|');
  for (const e of doc.entries) {
    const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
    out.push(
      `| ${cell(e.name)} | ${e.version ?? ''} | ${cell(e.license ?? 'not known')} | ${cell(e.copyrights.join('; '))} |`,
    );
  }
  out.push('', '## License texts', '');
  for (const t of doc.texts)
    out.push(`### ${t.id}: ${t.name}`, '', '```text', t.text.replace(/```/g, "'''"), '```', '');
  return `${out.join('\n')}\n`;
}

function html(doc: NoticeDocument): string {
  const esc = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const rows = doc.entries
    .map(
      (e) =>
        `<tr><td>${esc(e.name)}</td><td>${esc(e.version ?? '')}</td><td>${esc(e.license ?? 'not known')}</td><td>${e.copyrights.map(esc).join('<br>')}</td></tr>`,
    )
    .join('\n');
  const texts = doc.texts
    .map(
      (t) =>
        `<section><h3 id="${esc(t.id)}">${esc(t.id)}: ${esc(t.name)}</h3>\n<pre>${esc(t.text)}</pre></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(doc.title)}</title></head>
<body>
<h1>${esc(doc.title)}</h1>
<p>This software includes ${doc.entries.length} third-party packages.</p>
<table>
<thead><tr><th>Package</th><th>Version</th><th>License</th><th>Copyright</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<h2>License texts</h2>
${texts}
</body></html>
`;
}
