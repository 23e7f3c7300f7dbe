import { type RefObject, useCallback, useRef, useState } from 'react';

/** A status line that says what just happened, and takes focus so screen readers announce it. */
export function useNotice(): {
  notice: string | null;
  show: (text: string) => void;
  ref: RefObject<HTMLParagraphElement | null>;
} {
  const [notice, setNotice] = useState<string | null>(null);
  const ref = useRef<HTMLParagraphElement>(null);
  const show = useCallback((text: string) => {
    setNotice(text);
    // after the render that shows it
    requestAnimationFrame(() => ref.current?.focus());
  }, []);
  return { notice, show, ref };
}

export function Notice({
  notice,
  noticeRef,
}: {
  notice: string | null;
  noticeRef: RefObject<HTMLParagraphElement | null>;
}) {
  return (
    <p role="status" ref={noticeRef} tabIndex={-1} className={notice ? 'notice' : 'visually-hidden'}>
      {notice ? (
        <>
          <span aria-hidden="true">✓ </span>
          {notice}
        </>
      ) : null}
    </p>
  );
}
