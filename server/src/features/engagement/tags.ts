import { canRemoveTag, canTagPeople } from '../../access/photos.js';
import type { AccessViewer } from '../../access/viewer.js';
import type { AppContext } from '../../context.js';
import { FieldError, forbidden, notFound } from '../../errors.js';
import { activeUsersByUsername } from '../accounts/service.js';
import { notifyingTransaction } from '../notifications/after-commit.js';
import { recordNotification } from '../notifications/record.js';
import { photoFacts } from '../photos/present.js';
import * as photos from '../photos/repo.js';
import { readablePhoto } from '../photos/service.js';

/** People tags after upload: add by username, remove one (the tagged person may untag themselves). */

export async function tagPeople(ctx: AppContext, v: AccessViewer, photoId: string, usernames: string[]) {
  const photo = await readablePhoto(ctx, v, photoId);
  if (!canTagPeople(v, photoFacts(photo))) {
    throw forbidden(
      'not_allowed_to_tag',
      'Only the photographer, the coordinator or an admin (or, where the event allows it, its members) can tag people.',
    );
  }
  const found = await activeUsersByUsername(ctx.database.db, usernames);
  const known = new Set(found.map((u) => u.username.toLowerCase()));
  const unknown = usernames.filter((name) => !known.has(name.toLowerCase()));
  if (unknown.length > 0) throw new FieldError({ usernames: [`Unknown usernames: ${unknown.join(', ')}`] });
  await notifyingTransaction(ctx, async (tx) => {
    const added = await photos.insertTags(
      tx,
      photoId,
      found.map((u) => u.id),
      v.id,
    );
    for (const userId of added) {
      await recordNotification(ctx, tx, {
        recipientId: userId,
        actorId: v.id,
        verb: 'TAGGED',
        targetType: 'PHOTO',
        targetId: photoId,
        photoId,
      });
    }
  });
}

export async function untag(ctx: AppContext, v: AccessViewer, photoId: string, userId: string) {
  const photo = await readablePhoto(ctx, v, photoId);
  if (!canRemoveTag(v, photoFacts(photo), userId)) {
    throw forbidden(
      'not_photo_staff',
      'Only the tagged person, the photographer, the coordinator or an admin can remove a tag.',
    );
  }
  if (!(await photos.deleteTag(ctx.database.db, photoId, userId)))
    throw notFound('That person is not tagged here.');
}
