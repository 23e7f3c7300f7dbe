/** A license section of a README: its heading's line to the line before the next heading as high. */
export interface Section {
  startLine: number;
  endLine: number;
  /** The line `text` starts on. */
  firstLine: number;
  text: string;
}

const TITLE =
  /^\W{0,12}(?:licen[cs]e|licen[cs]es|licen[cs]ing|copyright(?:\s+(?:and|&)\s+licen[cs]e)?|licen[cs]e\s+(?:and|&)\s+copyright|legal)\b[\s\w:&-]{0,40}$/i;

/**
 * License sections of a Markdown, reStructuredText, AsciiDoc or plain-text README: a heading
 * ("## License", "License\n=======", "== License", "LICENSE") whose title is about licensing, up to
 * the next heading of the same or a higher level.
 */
export function licenseSections(text: string): Section[] {
  const lines = text.split(/\r\n|\r|\n/);
  const headings = findHeadings(lines);
  const sections: Section[] = [];
  const inline = lines.findIndex((l) => /^\s*[*_-]*\s*licen[cs]e[*_]*\s*:[*_]*\s*\S/i.test(l));
  if (headings.length === 0 && inline >= 0) {
    return [{ startLine: inline + 1, endLine: inline + 1, firstLine: inline + 1, text: lines[inline] ?? '' }];
  }
  headings.forEach((heading, k) => {
    if (!TITLE.test(heading.title.trim())) return;
    const next = headings.slice(k + 1).find((h) => h.level <= heading.level);
    const endLine = next ? next.line - 1 : lines.length;
    const bodyStart = heading.line + heading.height;
    if (bodyStart > endLine) return;
    sections.push({
      startLine: heading.line,
      endLine,
      firstLine: bodyStart,
      text: lines.slice(bodyStart - 1, endLine).join('\n'),
    });
  });
  return sections;
}

interface Heading {
  /** 1-based line of the heading's title. */
  line: number;
  /** Lines the heading takes (2 for underlined titles). */
  height: number;
  level: number;
  title: string;
}

const UNDERLINE_LEVELS = ['=', '-', '~', '^', '"', '*', '+', '#'];

function findHeadings(lines: string[]): Heading[] {
  const headings: Heading[] = [];
  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^\s*(?:```|~~~)/.test(line)) fenced = !fenced;
    // headings are short; long lines are never one (and would cost the patterns below dearly)
    if (fenced || line.length > 200) continue;
    const atx = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line) ?? /^(={1,6})\s+(.*?)\s*=*\s*$/.exec(line);
    if (atx) {
      headings.push({ line: i + 1, height: 1, level: atx[1]?.length ?? 1, title: atx[2] ?? '' });
      continue;
    }
    const under = lines[i + 1] ?? '';
    const mark = /^\s*([=\-~^"*+#])\1{2,}\s*$/.exec(under);
    if (mark && line.trim().length > 0 && !/^\s*[=\-~^"*+#]{3,}\s*$/.test(line)) {
      headings.push({
        line: i + 1,
        height: 2,
        level: 1 + UNDERLINE_LEVELS.indexOf(mark[1] ?? '='),
        title: line,
      });
      i++;
      continue;
    }
    if (/^\s*(?:LICEN[CS]E|LICEN[CS]ING|COPYRIGHT)\s*:?\s*$/.test(line)) {
      headings.push({ line: i + 1, height: 1, level: 1, title: line.replace(':', '') });
      continue;
    }
    const bold = /^\s*(\*\*|__)([^*_]+)\1:?\s*$/.exec(line);
    if (bold) headings.push({ line: i + 1, height: 1, level: 7, title: bold[2] ?? '' });
  }
  return headings;
}
