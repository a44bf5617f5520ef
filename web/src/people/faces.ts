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
