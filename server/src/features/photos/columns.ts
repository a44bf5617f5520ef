import type { PhotoPatchBody } from '@pixeli/contract';

/**
 * The columns a photo's own fields set, the same at upload and on a change: tags without
 * repeats, and a timestamp given by the client kept over the one EXIF will say.
 */
export function photoFieldColumns(
  fields: Pick<PhotoPatchBody, 'read_perm' | 'share_perm' | 'caption' | 'user_tags' | 'timestamp'>,
) {
  return {
    readPerm: fields.read_perm,
    sharePerm: fields.share_perm,
    caption: fields.caption,
    userTags: fields.user_tags ? [...new Set(fields.user_tags)] : undefined,
    ...(fields.timestamp ? { timestamp: new Date(fields.timestamp), timestampFromClient: true } : {}),
  };
}
