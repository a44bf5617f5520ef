import type { PhotoFace, PhotoRead } from '@pixeli/contract';
import { Avatar } from '../app/ui/Avatar';
import { faceCropStyle } from './faces';

/**
 * One face of a photo in a round frame, cut from the image the viewer shows (nothing more is
 * fetched); the linked account's picture, or an empty ring, where the photo has no size yet.
 */
export function FaceCrop(props: { face: PhotoFace; photo: PhotoRead; size: number }) {
  const { face, photo, size } = props;
  const image = photo.preview_url ?? photo.watermarked_url ?? photo.thumbnail_url;
  const crop = image ? faceCropStyle(face.box, photo, size) : null;
  if (crop)
    return (
      <span
        className="face-chip-face"
        style={{ ...crop, width: size, height: size, backgroundImage: `url("${image}")` }}
        data-testid="face-crop"
        aria-hidden
      />
    );
  if (face.user) return <Avatar user={face.user} size={Math.round(size * 0.7)} />;
  return <span className="face-chip-blank" aria-hidden />;
}
