import { compareDigits, compareText, type Ordering } from '../../../core/versioning.js';

/**
 * Maven's ComparableVersion (the 3.x list-item algorithm), written from the Maven "Version Order
 * Specification": a version is a list of numbers, qualifiers and sub-lists. `.` separates items, `-`
 * and a change between digits and letters open a sub-list; trailing "null" items (0, "", ga, final,
 * release) are dropped; missing items compare as null.
 */
export type Item =
  | { kind: 'number'; digits: string }
  | { kind: 'qualifier'; value: string }
  | { kind: 'list'; items: Item[] };

const ZERO: Item = { kind: 'number', digits: '0' };
const KNOWN = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const RELEASE = KNOWN.indexOf('');
const ALIASES: Readonly<Record<string, string>> = { ga: '', final: '', release: '', cr: 'rc' };

export function parseMaven(version: string): Item {
  const text = version.toLowerCase();
  const root: Item & { kind: 'list' } = { kind: 'list', items: [] };
  const lists = [root];
  let list = root;
  let digits = false;
  let start = 0;
  const open = () => {
    const sub: Item & { kind: 'list' } = { kind: 'list', items: [] };
    list.items.push(sub);
    list = sub;
    lists.push(sub);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isDigit = c >= 48 && c <= 57;
    if (c === 46 || c === 45) {
      // "." or "-"; an empty item is a 0
      list.items.push(i === start ? ZERO : item(digits, text.slice(start, i), false));
      start = i + 1;
      if (c === 45) open();
    } else if (isDigit !== digits && i > start) {
      // "1rc" and "rc1" split into a sub-list, as if written with a hyphen; a qualifier followed by a
      // number after a dot is one too (1.0.RC2 is 1-rc-2, as Maven 3 has it: ".X" counts as "-X")
      if (isDigit && list.items.length > 0) open();
      list.items.push(item(digits, text.slice(start, i), isDigit));
      start = i;
      open();
    }
    if (c !== 46 && c !== 45) digits = isDigit;
  }
  if (text.length > start) {
    // a qualifier at the very end after a dot is a sub-list too: 2.0.a is 2-a, 1.a.b is 1.a-b
    if (!digits && list.items.length > 0) open();
    list.items.push(item(digits, text.slice(start), false));
  }
  for (let i = lists.length - 1; i >= 0; i--) normalize(lists[i]!);
  return root;
}

function item(digits: boolean, text: string, followedByDigit: boolean): Item {
  if (digits) return { kind: 'number', digits: text };
  let value = text;
  // a1 = alpha-1, b1 = beta-1, m1 = milestone-1
  if (followedByDigit && value.length === 1)
    value = { a: 'alpha', b: 'beta', m: 'milestone' }[value] ?? value;
  return { kind: 'qualifier', value: ALIASES[value] ?? value };
}

/** Drop trailing null items, looking past non-empty sub-lists: 1.0.0-foo.0.0 is 1-foo. */
function normalize(list: Item & { kind: 'list' }): void {
  for (let i = list.items.length - 1; i >= 0; i--) {
    const last = list.items[i]!;
    if (isNull(last)) list.items.splice(i, 1);
    else if (last.kind !== 'list') break;
  }
}

function isNull(item: Item): boolean {
  if (item.kind === 'number') return compareDigits(item.digits, '0') === 0;
  if (item.kind === 'qualifier') return item.value === '';
  return item.items.length === 0;
}

/** Known qualifiers in their order, then unknown ones alphabetically after them. */
function qualifierKey(value: string): string {
  const known = KNOWN.indexOf(value);
  return known === -1 ? `${KNOWN.length}-${value}` : String(known);
}

/** `other` null stands for the padding a shorter version gets. */
export function compareItems(item: Item, other: Item | null): Ordering {
  switch (item.kind) {
    case 'number':
      if (other === null) return isNull(item) ? 0 : 1;
      return other.kind === 'number' ? compareDigits(item.digits, other.digits) : 1;
    case 'qualifier':
      if (other === null) return compareText(qualifierKey(item.value), String(RELEASE));
      return other.kind === 'qualifier'
        ? compareText(qualifierKey(item.value), qualifierKey(other.value))
        : -1;
    case 'list':
      if (other === null) {
        for (const x of item.items) {
          const order = compareItems(x, null);
          if (order !== 0) return order;
        }
        return 0;
      }
      if (other.kind === 'number') return -1;
      if (other.kind === 'qualifier') return 1;
      return compareLists(item.items, other.items);
  }
}

function compareLists(left: Item[], right: Item[]): Ordering {
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const l = left[i];
    const r = right[i];
    const order =
      l === undefined ? (r === undefined ? 0 : negate(compareItems(r, null))) : compareItems(l, r ?? null);
    if (order !== 0) return order;
  }
  return 0;
}

function negate(order: Ordering): Ordering {
  return order === 0 ? 0 : order === 1 ? -1 : 1;
}
