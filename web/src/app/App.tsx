import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect } from 'react';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { prefetchLanding } from './prefetch';
import { routes } from './routes';
import { live, queryClient, session } from './services';

const router = createBrowserRouter(routes);
// Ask for the sign-in as the script starts, not after the first render: the feed waits on it.
void session.start();
prefetchLanding();

export function App() {
  useEffect(() => {
    return live.start();
  }, []);
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
