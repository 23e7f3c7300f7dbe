import { useEffect, useRef, useState } from 'react';
import type { CreatedApiToken } from './api';

/**
 * The new token's secret, shown this once with a copy button. Leaving the page or pressing Done
 * forgets it: the server keeps only its hash.
 */
export function NewSecret({ token, onDone }: { token: CreatedApiToken; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  useEffect(() => heading.current?.focus(), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token.secret);
      setCopied('yes');
    } catch {
      // no clipboard access (an insecure origin, a denied permission): select it for Ctrl+C instead
      input.current?.select();
      setCopied('no');
    }
  };

  return (
    <section className="card stack secret-panel" aria-labelledby="secret-heading">
      <h2 id="secret-heading" ref={heading} tabIndex={-1}>
        Copy your new token “{token.name}”
      </h2>
      <p>
        This is the only time the token is shown. Store it now, for example as a secret of your CI system; if
        you lose it, revoke it and create another.
      </p>
      <div className="field">
        <label htmlFor="new-token-secret">Token secret</label>
        <div className="secret-row">
          <input
            id="new-token-secret"
            ref={input}
            readOnly
            value={token.secret}
            spellCheck={false}
            autoComplete="off"
            onFocus={(event) => event.target.select()}
          />
          <button type="button" className="button" onClick={copy}>
            Copy<span className="visually-hidden"> the token secret</span>
          </button>
        </div>
      </div>
      <p role="status" className="small">
        {copied === 'yes'
          ? 'Copied to the clipboard.'
          : copied === 'no'
            ? 'Could not reach the clipboard; the token is selected: press Ctrl+C (⌘C) to copy it.'
            : ''}
      </p>
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={onDone}>
          I have stored it
        </button>
      </div>
    </section>
  );
}
