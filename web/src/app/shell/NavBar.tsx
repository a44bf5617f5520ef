import { Bell, CalendarDays, Images, Search, UserRound } from 'lucide-react';
import { NavLink } from 'react-router';
import './nav-bar.css';

const TABS = [
  { to: '/', label: 'Photos', icon: Images, end: true },
  { to: '/events', label: 'Events', icon: CalendarDays, end: false },
  { to: '/search', label: 'Search', icon: Search, end: false },
  { to: '/notifications', label: 'Alerts', icon: Bell, end: false },
  { to: '/profile', label: 'Profile', icon: UserRound, end: false },
] as const;

/**
 * The original's floating, blurred bar: on a phone it floats above the content and shows the
 * label of the selected tab only; from 768 px it becomes a rail on the left with every label.
 */
export function NavBar() {
  return (
    <nav className="nav-bar" aria-label="Main">
      <img className="nav-logo" src="/favicon.svg" width={36} height={36} alt="Pixel-i" />
      <ul>
        {TABS.map(({ to, label, icon: Icon, end }) => (
          <li key={to}>
            <NavLink to={to} end={end} className="nav-item">
              <Icon size={22} aria-hidden />
              <span className="nav-label">{label}</span>
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
