import { type FormEvent, useId, useState } from 'react';
import { packagePagePath } from '../packages/api';
import { navigate } from '../router';

/** Go to a package's page by its name or purl: which projects use it, its licenses and advisories. */
export function PackageSearch() {
  const id = useId();
  const [text, setText] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ref = text.trim();
    if (ref) navigate(packagePagePath(ref));
  };
  return (
    <search>
      <form className="filters package-search" onSubmit={submit}>
        <label htmlFor={`${id}-q`}>
          Find a package
          <input
            id={`${id}-q`}
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="lodash or pkg:npm/lodash"
            aria-describedby={`${id}-help`}
            required
          />
        </label>
        <button type="submit" className="button">
          Show package
        </button>
        <p id={`${id}-help`} className="field-help">
          A name finds it in every ecosystem; a package URL (purl) in one.
        </p>
      </form>
    </search>
  );
}
