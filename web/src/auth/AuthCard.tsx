import type { ReactNode } from 'react';

/** The centred card the setup and sign-in forms sit in. */
export function AuthCard({
  title,
  intro,
  children,
}: {
  title: string;
  intro: ReactNode;
  children: ReactNode;
}) {
  return (
    <main className="auth-page">
      <div className="auth-card">
        <p className="brand brand-large">ospokit</p>
        <h1>{title}</h1>
        <div className="auth-intro">{intro}</div>
        {children}
      </div>
    </main>
  );
}
