import { purlName } from '../licenses/labels';

const SHOWN = 3;

/** How a vulnerable package comes into a project: direct, or each chain of packages down to it. */
export function DependencyPaths(props: { name: string; introducedBy: string[][]; direct: boolean | null }) {
  const chains = props.introducedBy.filter((chain) => chain.length > 0);
  if (chains.length === 0) {
    if (props.direct === false) return <span className="muted">transitive (path not known)</span>;
    return <span className="muted">{props.direct === true ? 'direct dependency' : 'not known'}</span>;
  }
  const shown = chains.slice(0, SHOWN);
  return (
    <ul className="paths">
      {shown.map((chain) => (
        <li key={chain.join(' ')}>
          <ol className="chain" aria-label={`Dependency path to ${props.name}`}>
            {chain.map((purl, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a chain's order is its meaning; a purl may repeat
              <li key={`${index}-${purl}`}>
                <span title={purl}>{purlName(purl)}</span>
              </li>
            ))}
            <li>
              <strong>{props.name}</strong>
            </li>
          </ol>
        </li>
      ))}
      {chains.length > SHOWN ? (
        <li className="muted small">and {(chains.length - SHOWN).toLocaleString()} more paths</li>
      ) : null}
    </ul>
  );
}
