import type { ReactNode } from 'react';
import './empty-state.css';

/** A friendly centred message for an empty list, a missing page or a part still to come. */
export function EmptyState(props: {
  title: string;
  icon?: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <section className="empty-state">
      {props.icon && <div className="empty-state-icon">{props.icon}</div>}
      <h2>{props.title}</h2>
      {props.children && <p className="muted">{props.children}</p>}
      {props.action}
    </section>
  );
}
