import type { PhotoList, PhotoRead } from '@pixeli/contract';
import type { PhotoPages } from './queries';

/**
 * Putting a photo that just appeared (a live `event_photo_added`) into a cached list without
 * refetching it, so whoever is scrolled halfway down a gallery stays where they are.
 */

/** The list fields of a full photo (the lists hold `PhotoList`s, the socket only gives an id). */
export function toListPhoto(photo: PhotoRead | PhotoList): PhotoList {
  return {
    id: photo.id,
    event: photo.event,
    timestamp: photo.timestamp,
    photographer: photo.photographer,
    thumbnail_url: photo.thumbnail_url,
    thumbhash: photo.thumbhash,
    width: photo.width,
    height: photo.height,
    status: photo.status,
    likes_count: photo.likes_count,
    is_liked: photo.is_liked,
    can_edit: photo.can_edit,
    can_delete: photo.can_delete,
    can_share: photo.can_share,
  };
}

/** Whether `a` comes before `b` in a list sorted newest taken first, then by id (the server's order). */
function comesBefore(a: PhotoList, b: PhotoList): boolean {
  const at = Date.parse(a.timestamp);
  const bt = Date.parse(b.timestamp);
  return at !== bt ? at > bt : a.id > b.id;
}

/**
 * The pages with `photo` in its place: replaced where it already is, else inserted before the
 * first photo it sorts ahead of. A photo that sorts after everything loaded so far is left out
 * while more pages remain (it arrives with them) and appended to the last page otherwise.
 */
export function insertPhoto(data: PhotoPages, photo: PhotoList): PhotoPages {
  const where = data.pages.findIndex((page) => page.items.some((p) => p.id === photo.id));
  if (where >= 0) {
    const pages = data.pages.map((page, index) =>
      index === where ? { ...page, items: page.items.map((p) => (p.id === photo.id ? photo : p)) } : page,
    );
    return { ...data, pages };
  }
  for (const [pageIndex, page] of data.pages.entries()) {
    const at = page.items.findIndex((p) => comesBefore(photo, p));
    if (at >= 0) {
      const items = [...page.items.slice(0, at), photo, ...page.items.slice(at)];
      return { ...data, pages: data.pages.map((p, i) => (i === pageIndex ? { ...p, items } : p)) };
    }
  }
  const last = data.pages[data.pages.length - 1];
  if (!last || last.next) return data;
  const pages = [...data.pages.slice(0, -1), { ...last, items: [...last.items, photo] }];
  return { ...data, pages };
}
