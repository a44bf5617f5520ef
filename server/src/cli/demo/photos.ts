import type { SharePerm } from '@pixeli/contract';
import type { PhotoMeta } from '../../features/media/exif.js';
import type { DemoEvent, Level } from './events.js';
import type { SeededRandom } from './random.js';
import {
  CAMERAS,
  CAPTION_ENDINGS,
  CAPTION_OPENERS,
  COMMENTS,
  EXPOSURES,
  F_NUMBERS,
  GENERAL_TAGS,
  ISOS,
  REPLIES,
} from './vocabulary.js';

/** Demo photos of one event, each with its people tags, likes and comments. Rows only: images.ts writes files. */

export interface DemoPhoto {
  id: string;
  eventId: string;
  photographerId: string;
  timestamp: Date;
  caption: string;
  userTags: string[];
  meta: PhotoMeta;
  readPerm: Level;
  sharePerm: SharePerm;
  views: number;
  downloads: number;
  width: number;
  height: number;
  checksum: string;
  originalSize: number;
  /** Set only when seed-demo writes images (`--images`): the ThumbHash of the picture it shows. */
  thumbhash: string | null;
  createdAt: Date;
}

export interface DemoPhotoTag {
  photoId: string;
  userId: string;
  taggedById: string;
  createdAt: Date;
}

export interface DemoLike {
  photoId: string;
  userId: string;
  createdAt: Date;
}

export interface DemoComment {
  id: string;
  photoId: string;
  userId: string;
  parentId: string | null;
  inReplyToId: string | null;
  content: string;
  createdAt: Date;
}

export interface DemoPhotoBundle {
  photo: DemoPhoto;
  tags: DemoPhotoTag[];
  likes: DemoLike[];
  comments: DemoComment[];
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** The event's photos in upload order: each photographer uploads their share in one go after it. */
export function* demoPhotosOf(rng: SeededRandom, event: DemoEvent, now: Date): Generator<DemoPhotoBundle> {
  const lastMoment = Math.min(event.endsAt.getTime(), now.getTime() - MINUTE_MS);
  const span = Math.max(0, lastMoment - event.startsAt.getTime());
  // The coordinator takes the most photos, then each contributor fewer.
  const weights = event.photographers.map((id, i) => [id, 1 / (i + 1)] as const);
  const uploadAt = new Map(
    event.photographers.map((id) => [
      id,
      Math.min(lastMoment + rng.int(30, 72 * 60) * MINUTE_MS, now.getTime() - MINUTE_MS),
    ]),
  );
  for (let i = 0; i < event.photoCount; i++) {
    const photographerId = rng.weighted(weights);
    // A few hundred milliseconds apart, as an upload sends them.
    const upload = uploadAt.get(photographerId)! + 300;
    uploadAt.set(photographerId, upload);
    const takenAt = new Date(Math.floor(event.startsAt.getTime() + rng.next() * span));
    const photo = makePhoto(rng, event, photographerId, takenAt, new Date(Math.min(upload, now.getTime())));
    yield {
      photo,
      tags: peopleTags(rng, event, photo),
      likes: likesOf(rng, event, photo, now),
      comments: commentsOn(rng, event, photo, now),
    };
  }
}

function makePhoto(
  rng: SeededRandom,
  event: DemoEvent,
  photographerId: string,
  timestamp: Date,
  uploadedAt: Date,
): DemoPhoto {
  // Each photographer keeps one camera.
  const camera = CAMERAS[Number.parseInt(photographerId.slice(0, 8), 16) % CAMERAS.length]!;
  const portrait = rng.chance(0.25);
  const meta: PhotoMeta = {
    make: camera.make,
    model: camera.model,
    exposure_time: rng.pick(EXPOSURES),
    f_number: rng.pick(F_NUMBERS),
    iso: rng.pick(ISOS),
    focal_length: rng.int(camera.focal[0], camera.focal[1]),
    taken_at: timestamp.toISOString(),
  };
  return {
    id: rng.uuid(),
    eventId: event.id,
    photographerId,
    timestamp,
    caption: caption(rng),
    userTags: userTags(rng, event),
    meta,
    readPerm: rng.weighted<Level>([
      ['PUB', 90],
      ['IMG', 6],
      ['PRV', 4],
    ]),
    sharePerm: rng.weighted([
      ['OR', 60],
      ['AN', 35],
      ['DI', 5],
    ] as const),
    views: 0,
    downloads: rng.geometric(0.4),
    width: portrait ? camera.height : camera.width,
    height: portrait ? camera.width : camera.height,
    checksum: rng.hex(32),
    originalSize: Math.round(camera.width * camera.height * (0.25 + rng.next() * 0.35)),
    thumbhash: null,
    createdAt: uploadedAt,
  };
}

function caption(rng: SeededRandom): string {
  if (rng.chance(0.35)) return '';
  const opener = rng.pick(CAPTION_OPENERS);
  return rng.chance(0.6) ? `${opener} ${rng.pick(CAPTION_ENDINGS)}` : opener;
}

/** 0-4 tags, mostly the event's own ("stage", "trophy"), some general ones. */
function userTags(rng: SeededRandom, event: DemoEvent): string[] {
  const count = rng.weighted([
    [0, 20],
    [1, 25],
    [2, 25],
    [3, 18],
    [4, 12],
  ] as const);
  const tags = new Set<string>();
  while (tags.size < count) tags.add(rng.chance(0.7) ? rng.pick(event.tags) : rng.pick(GENERAL_TAGS));
  return [...tags];
}

/** Who may see the photo besides its staff; PRV photos are their staff's alone. */
function readersOf(event: DemoEvent, photo: DemoPhoto): readonly string[] {
  if (photo.readPerm === 'PRV') return [];
  return photo.readPerm === 'IMG' ? event.clubReaders : event.readers;
}

/** One photo in ten has 1-3 people tagged, chosen from the event's own people when it has some. */
function peopleTags(rng: SeededRandom, event: DemoEvent, photo: DemoPhoto): DemoPhotoTag[] {
  if (!rng.chance(0.1)) return [];
  const people = event.members.length >= 3 ? event.members.map((m) => m.userId) : event.readers;
  return rng
    .distinct(
      people.filter((id) => id !== photo.photographerId),
      rng.int(1, 3),
    )
    .map((userId) => ({
      photoId: photo.id,
      userId,
      taggedById: photo.photographerId,
      createdAt: photo.createdAt,
    }));
}

function likesOf(rng: SeededRandom, event: DemoEvent, photo: DemoPhoto, now: Date): DemoLike[] {
  const likers = rng.distinct(readersOf(event, photo), rng.geometric(event.popularity));
  photo.views = likers.length + rng.geometric(6);
  return likers.map((userId) => ({ photoId: photo.id, userId, createdAt: later(rng, photo.createdAt, now) }));
}

/** One photo in eight gets 1-3 comments, some of them answered. */
function commentsOn(rng: SeededRandom, event: DemoEvent, photo: DemoPhoto, now: Date): DemoComment[] {
  const readers = readersOf(event, photo);
  if (readers.length === 0 || !rng.chance(0.12)) return [];
  const comments: DemoComment[] = [];
  let at = photo.createdAt;
  for (let i = rng.int(1, 3); i > 0; i--) {
    at = later(rng, at, now);
    const top: DemoComment = {
      id: rng.uuid(),
      photoId: photo.id,
      userId: rng.pick(readers),
      parentId: null,
      inReplyToId: null,
      content: rng.pick(COMMENTS),
      createdAt: at,
    };
    comments.push(top);
    let answered = top;
    for (let r = rng.chance(0.35) ? rng.int(1, 2) : 0; r > 0; r--) {
      at = later(rng, at, now);
      // The photographer usually answers.
      const reply: DemoComment = {
        id: rng.uuid(),
        photoId: photo.id,
        userId: rng.chance(0.6) ? photo.photographerId : rng.pick(readers),
        parentId: top.id,
        inReplyToId: answered.id,
        content: rng.pick(REPLIES),
        createdAt: at,
      };
      comments.push(reply);
      answered = reply;
    }
  }
  return comments;
}

/** A moment a little after `after` (minutes to days), but not in the future. */
function later(rng: SeededRandom, after: Date, now: Date): Date {
  const step = rng.chance(0.7) ? rng.int(1, 12 * 60) * MINUTE_MS : rng.int(12, 10 * 24) * HOUR_MS;
  return new Date(Math.min(after.getTime() + step, now.getTime()));
}
