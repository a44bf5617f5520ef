import { Outlet } from 'react-router';
import { UploadTray } from '../../upload/UploadTray';
import { Toaster } from '../ui/Toaster';
import { NavBar } from './NavBar';
import { OfflineBanner } from './OfflineBanner';
import './app-shell.css';

/**
 * The signed-in frame: the screen in the middle, the navigation at the bottom on a phone and as a
 * rail on the left on a wider screen, the offline banner, toasts and the upload tray above all.
 */
export function AppShell() {
  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <NavBar />
      <main id="main" className="app-main" tabIndex={-1}>
        <OfflineBanner />
        <Outlet />
      </main>
      <UploadTray />
      <Toaster />
    </div>
  );
}
