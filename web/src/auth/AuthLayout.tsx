import type { ReactNode } from 'react';
import './auth.css';

/**
 * The frame of every signed-out screen and of the welcome step: the app's mark on top, a heading,
 * one card in the middle (full width on a phone, at most 440 px on a desktop), and a footer line.
 */
export function AuthLayout(props: {
  title: string;
  lead?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <main className="auth">
      <div className="auth-column">
        <header className="auth-brand">
          <img src="/favicon.svg" width={44} height={44} alt="" />
          <span className="auth-wordmark">Pixel-i</span>
        </header>
        <section className="auth-card card" aria-labelledby="auth-title">
          <h1 id="auth-title" className="auth-title">
            {props.title}
          </h1>
          {props.lead && <p className="auth-lead muted">{props.lead}</p>}
          {props.children}
        </section>
        {props.footer && <footer className="auth-footer">{props.footer}</footer>}
      </div>
    </main>
  );
}
