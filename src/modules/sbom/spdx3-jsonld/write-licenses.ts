import { classifyLicense } from '../licenses.js';

type Node = Record<string, unknown>;
type Element = (base: Node, type: string, spdxId: string) => Node;

interface Expression {
  id: string;
  expression: string;
  /** For a license that is no SPDX expression: its `LicenseRef-` stands for this name. */
  text?: { id: string; name: string };
}

/**
 * One `simplelicensing_LicenseExpression` per distinct license of the document. A license that is no SPDX
 * expression becomes a `LicenseRef-` whose `simplelicensing_customIdToUri` points to a
 * `simplelicensing_SimpleLicensingText` holding the original name, as SPDX 2's extracted licensing infos do.
 */
export class LicenseElements {
  private readonly byKey = new Map<string, Expression>();
  private readonly refs = new Set<string>();
  private texts = 0;

  constructor(private readonly iri: (local: string) => string) {}

  /** The element ids of these licenses, in order, without repeats. */
  idsFor(licenses: readonly string[]): string[] {
    const ids = licenses.map((license) => this.expressionFor(license).id);
    return [...new Set(ids)];
  }

  nodes(element: Element): Node[] {
    const expressions = [...this.byKey.values()];
    const texts: Node[] = [];
    const nodes = expressions.map((e) => {
      if (!e.text)
        return element(
          { simplelicensing_licenseExpression: e.expression },
          'simplelicensing_LicenseExpression',
          e.id,
        );
      texts.push(
        element(
          { name: e.text.name, simplelicensing_licenseText: e.text.name },
          'simplelicensing_SimpleLicensingText',
          e.text.id,
        ),
      );
      const uri = { type: 'DictionaryEntry', key: e.expression, value: e.text.id };
      return element(
        { simplelicensing_licenseExpression: e.expression, simplelicensing_customIdToUri: [uri] },
        'simplelicensing_LicenseExpression',
        e.id,
      );
    });
    return [...nodes, ...texts];
  }

  private expressionFor(license: string): Expression {
    const kind = classifyLicense(license);
    const key =
      kind.kind === 'id' ? kind.id : kind.kind === 'expression' ? kind.expression : `\n${kind.name}`;
    const known = this.byKey.get(key);
    if (known) return known;
    const id = this.iri(`SPDXRef-LicenseExpression-${this.byKey.size + 1}`);
    const entry: Expression =
      kind.kind === 'name'
        ? {
            id,
            expression: this.refFor(kind.name),
            text: { id: this.iri(`SPDXRef-LicenseText-${++this.texts}`), name: kind.name },
          }
        : { id, expression: key };
    this.byKey.set(key, entry);
    return entry;
  }

  private refFor(name: string): string {
    const base = `LicenseRef-${name.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'unnamed'}`;
    let ref = base;
    for (let n = 2; this.refs.has(ref); n++) ref = `${base}-${n}`;
    this.refs.add(ref);
    return ref;
  }
}
