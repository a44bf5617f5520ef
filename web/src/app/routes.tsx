import type { RouteObject } from 'react-router';
import { RequireSignIn } from './RequireSignIn';
import { AppShell } from './shell/AppShell';

/**
 * Every screen's address. Screens load on demand (each `lazy` is its own chunk), so the first
 * paint carries only the shell; the paths mirror the original's where it had one.
 */
type Module = { default: React.ComponentType };
const screen = (load: () => Promise<Module>) => async () => ({ Component: (await load()).default });

export const routes: RouteObject[] = [
  { path: '/signin', lazy: screen(() => import('../auth/SignInScreen')) },
  { path: '/signup', lazy: screen(() => import('../auth/SignUpScreen')) },
  { path: '/forgot', lazy: screen(() => import('../auth/ForgotPasswordScreen')) },
  { path: '/invite/:token', lazy: screen(() => import('../events/JoinScreen')) },
  {
    element: <RequireSignIn />,
    children: [
      { path: '/welcome', lazy: screen(() => import('../auth/ProfileSetupScreen')) },
      { path: '/photos/:id', lazy: screen(() => import('../photos/ViewerScreen')) },
      {
        element: <AppShell />,
        children: [
          { index: true, lazy: screen(() => import('../photos/FeedScreen')) },
          { path: '/events', lazy: screen(() => import('../events/EventsScreen')) },
          { path: '/events/new', lazy: screen(() => import('../events/EventFormScreen')) },
          { path: '/events/:id', lazy: screen(() => import('../events/EventGalleryScreen')) },
          { path: '/events/:id/edit', lazy: screen(() => import('../events/EventFormScreen')) },
          { path: '/events/:id/members', lazy: screen(() => import('../events/MembersScreen')) },
          { path: '/events/:id/upload', lazy: screen(() => import('../upload/UploadScreen')) },
          { path: '/search', lazy: screen(() => import('../search/SearchScreen')) },
          { path: '/notifications', lazy: screen(() => import('../notifications/NotificationsScreen')) },
          { path: '/profile', lazy: screen(() => import('../profile/ProfileScreen')) },
          { path: '*', lazy: screen(() => import('./NotFoundScreen')) },
        ],
      },
    ],
  },
];
