import type { Me, PhotoFace } from '@pixeli/contract';

/** What a face in a photo is called: the linked account's name, else "Unnamed". */
export function faceName(face: Pick<PhotoFace, 'user'>): string {
  return face.user ? face.user.name || face.user.username : 'Unnamed';
}

/**
 * What the signed-in person may do with a face: claim an unnamed person as themselves, or let go of
 * their own; nothing for someone else's face, a face not grouped into a person yet, or when they
 * have turned face matching off.
 */
export function faceAction(
  face: Pick<PhotoFace, 'person_id' | 'user'>,
  me: Pick<Me, 'id' | 'face_matching'> | undefined,
): 'claim' | 'release' | null {
  if (!me || !face.person_id) return null;
  if (face.user?.id === me.id) return 'release';
  if (face.user || !me.face_matching) return null;
  return 'claim';
}

/** A face's box as CSS percentages of the photo's box, cut to the photo where the detector overshot. */
export function boxStyle(box: PhotoFace['box']) {
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
  const left = clamp(box.x);
  const top = clamp(box.y);
  return {
    left: pct(left),
    top: pct(top),
    width: pct(clamp(box.x + box.width) - left),
    height: pct(clamp(box.y + box.height) - top),
  };
}

/**
 * The background that shows one face of a photo in a round `size` px frame, cut from the photo's
 * own image (the one the viewer has loaded already, so nothing more is fetched): a square around
 * the face with some room on each side. Null without the photo's size.
 */
export function faceCropStyle(
  box: PhotoFace['box'],
  photo: { width: number | null; height: number | null },
  size: number,
) {
  const { width: W, height: H } = photo;
  if (!W || !H) return null;
  const side = Math.max(box.width * W, box.height * H) * FACE_ROOM;
  if (!(side > 0)) return null;
  const scale = size / side;
  const px = (v: number) => `${v.toFixed(2)}px`;
  const centreX = (box.x + box.width / 2) * W * scale;
  const centreY = (box.y + box.height / 2) * H * scale;
  return {
    backgroundSize: `${px(W * scale)} ${px(H * scale)}`,
    backgroundPosition: `${px(size / 2 - centreX)} ${px(size / 2 - centreY)}`,
  };
}

/** How much wider than the detected box the crop is: hair and chin make a face recognisable. */
const FACE_ROOM = 1.3;
