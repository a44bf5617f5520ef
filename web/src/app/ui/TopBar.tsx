import { ArrowLeft } from 'lucide-react';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import './top-bar.css';

/**
 * A screen's header: an optional back button, the title, and actions on the right. It sticks to
 * the top with the page's background blurred behind it.
 */
export function TopBar(props: { title: ReactNode; back?: string | true; actions?: ReactNode }) {
  const navigate = useNavigate();
  const goBack = () => {
    if (props.back === true) navigate(-1);
    else if (props.back) navigate(props.back);
  };
  return (
    <header className="top-bar">
      {props.back && (
        <button type="button" className="icon-btn" aria-label="Back" onClick={goBack}>
          <ArrowLeft size={22} aria-hidden />
        </button>
      )}
      <h1 className="top-bar-title">{props.title}</h1>
      {props.actions && <div className="top-bar-actions">{props.actions}</div>}
    </header>
  );
}
