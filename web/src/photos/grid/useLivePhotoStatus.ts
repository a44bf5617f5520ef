import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, live } from '../../app/services';
import { endpoints } from '../../lib/api/endpoints';
import { toListPhoto } from '../liveCache';
import { updateCachedPhoto } from '../queries';

/**
 * Keeps tiles of photos still being processed current: a `photo_status` message changes the
 * tile's status in every cached list at once, and a photo that has just completed is fetched
 * again for what processing made (its thumbnail, placeholder and size).
 */
export function useLivePhotoStatus() {
  const client = useQueryClient();
  useEffect(
    () =>
      live.subscribe((message) => {
        if (message.type !== 'photo_status') return;
        const id = message.photo_id;
        updateCachedPhoto(client, id, (photo) => ({ ...photo, status: message.status }));
        if (message.status !== 'CO') return;
        api
          .call(endpoints.photos.get, { params: { id } })
          .then((full) => updateCachedPhoto(client, id, () => toListPhoto(full)))
          .catch(() => {
            // The tile keeps its placeholder; the next refresh of the list brings the thumbnail.
          });
      }),
    [client],
  );
}
