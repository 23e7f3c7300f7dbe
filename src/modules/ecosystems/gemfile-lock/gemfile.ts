/** What the Gemfile says about groups: enough to tell development gems from the others. */
export interface GemfileGroups {
  /** Gem name to the groups it is declared in (`default` outside any group). */
  groups: Map<string, Set<string>>;
  /** A `gemspec` line: the gemspec's development dependencies are locked as direct dependencies. */
  gemspec: boolean;
}

/** Frames that close with `end`: a `group ... do` block carries its groups, the others none. */
type Frame = string[];

const opensBlock = /(\bdo(\s*\|[^|]*\|)?|^(if|unless|case|begin|while|until|def|class|module)\b.*)$/;

/**
 * A line-by-line reading of a Gemfile, not Ruby: `group :a, :b do ... end` blocks (nested in
 * `platforms`, `source`, `if` blocks or not), and `group:`/`groups:`/`:group =>` options on `gem` lines.
 * Gems added by loops, `eval_gemfile` or method calls are not seen.
 */
export function readGemfileGroups(content: string): GemfileGroups {
  const groups = new Map<string, Set<string>>();
  const stack: Frame[] = [];
  let gemspec = false;
  for (const raw of content.split(/\r?\n/)) {
    const line = stripComment(raw).trim();
    if (line === '') continue;
    if (/^end\b/.test(line)) {
      stack.pop();
      continue;
    }
    if (/^gemspec\b/.test(line)) gemspec = true;
    const gem = /^gem\s*\(?\s*["']([^"']+)["'](.*)$/.exec(line);
    if (gem?.[1]) {
      const inline = /(?:\bgroups?:|:groups?\s*=>)\s*(\[[^\]]*\]|%i\[[^\]]*\]|:\w+|["'][\w-]+["'])/.exec(
        gem[2] ?? '',
      );
      const own = inline?.[1] ? symbols(inline[1]) : [];
      const enclosing = stack.flat();
      const all = [...enclosing, ...own];
      const set = groups.get(gem[1]) ?? new Set<string>();
      for (const g of all.length > 0 ? all : ['default']) set.add(g);
      groups.set(gem[1], set);
      continue;
    }
    const group = /^group\s*\(?(.*?)\)?\s+do(\s*\|[^|]*\|)?$/.exec(line);
    if (group) stack.push(symbols(group[1] ?? ''));
    else if (opensBlock.test(line) && !/\bend$/.test(line)) stack.push([]);
  }
  return { groups, gemspec };
}

/** `:development, :test`, `[:test]`, `%i[development test]`, `"test"` to group names. */
function symbols(text: string): string[] {
  const words = text.startsWith('%i[') ? text.slice(3, -1).trim().split(/\s+/) : [];
  for (const m of text.matchAll(/:([\w]+)|["']([\w-]+)["']/g)) words.push(m[1] ?? m[2] ?? '');
  return words.filter((w) => w !== '' && w !== 'optional');
}

/** Drops a `#` comment, unless the `#` opens string interpolation `#{`. */
function stripComment(line: string): string {
  const at = line.search(/(^|\s)#(?!\{)/);
  return at < 0 ? line : line.slice(0, at);
}
