import type { Me } from '@pixeli/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { meKey } from '../app/hooks';
import { api } from '../app/services';
import { Switch } from '../events/Switch';
import { endpoints } from '../lib/api/endpoints';
import { showToast } from '../lib/toasts';

/**
 * The account-wide consent to face matching. Not optimistic: what the switch shows is what the
 * server has (turning it off also removes this person's links to faces everywhere).
 */
export function FaceMatchingSwitch(props: { me: Me }) {
  const client = useQueryClient();
  const change = useMutation({
    mutationFn: (on: boolean) => api.call(endpoints.auth.updateMe, { body: { face_matching: on } }),
    onSuccess: (me) => {
      client.setQueryData<Me>(meKey, me);
      // Names on faces and people lists change with it.
      void client.invalidateQueries({ queryKey: ['people'] });
      void client.invalidateQueries({ queryKey: ['photos', 'one'] });
    },
    onError: (error) => showToast(error.message, { tone: 'error' }),
  });
  return (
    <Switch
      label="Let people find me in photos"
      explanation="Your face can be matched in your events, for Find my photos and tag suggestions. Off removes your links to faces everywhere."
      checked={change.isPending ? (change.variables ?? props.me.face_matching) : props.me.face_matching}
      disabled={change.isPending}
      onChange={(on) => change.mutate(on)}
    />
  );
}
