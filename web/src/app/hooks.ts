import { useQuery } from '@tanstack/react-query';
import { endpoints } from '../lib/api/endpoints';
import { api } from './services';
import { useSession } from './useSession';

export { useSession };

export const meKey = ['me'] as const;

/** The signed-in person (`GET /api/auth/me/`). */
export function useMe() {
  const { status } = useSession();
  return useQuery({
    queryKey: meKey,
    queryFn: ({ signal }) => api.call(endpoints.auth.me, { signal }),
    enabled: status === 'signed-in',
    staleTime: 5 * 60_000,
  });
}
