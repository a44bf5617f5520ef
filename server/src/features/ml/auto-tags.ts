import type { Config } from '../../config.js';
import type { AutoTag, DetectedFace, DetectedObject } from './analysis.js';

export type AutoTagSettings = Pick<
  Config,
  | 'AUTO_TAG_MIN_OBJECT_SCORE'
  | 'AUTO_TAG_LOW_LIGHT_BELOW'
  | 'AUTO_TAG_BRIGHT_ABOVE'
  | 'AUTO_TAG_DAY_STARTS_HOUR'
  | 'AUTO_TAG_NIGHT_STARTS_HOUR'
>;

export interface AutoTagInput {
  /** Faces already filtered by FACE_MIN_SCORE. */
  faces: Pick<DetectedFace, 'score'>[];
  objects: DetectedObject[];
  brightness: number;
  /** The hour on the photographer's clock (EXIF DateTimeOriginal), when the photo says. */
  localHour?: number | undefined;
}

/**
 * The people labels of the original's CLIP vocabulary, by how many faces were found. The words are
 * the original's, so old and new photos are searched with the same tags.
 */
const PEOPLE_LABELS: { upTo: number; tag: string }[] = [
  { upTo: 1, tag: 'single person' },
  { upTo: 2, tag: 'two people' },
  { upTo: 5, tag: 'group photo' },
  { upTo: 10, tag: 'large group' },
  { upTo: Number.POSITIVE_INFINITY, tag: 'crowd' },
];

/** COCO's own words where a person would say something else; the rest read well as they are. */
const READABLE_OBJECT_WORDS: Record<string, string> = {
  tv: 'television',
  'hair drier': 'hair dryer',
  remote: 'remote control',
  mouse: 'computer mouse',
  'sports ball': 'ball',
};

/**
 * "person" tells nothing in an event photo, and the face count says more (the people labels).
 */
const OBJECTS_NOT_TAGGED = new Set(['person']);

/** Auto tags of one photo, best first. Pure: the same analysis always gives the same tags. */
export function autoTagsFor(input: AutoTagInput, settings: AutoTagSettings): AutoTag[] {
  const tags = [
    ...peopleTags(input.faces),
    ...objectTags(input.objects, settings.AUTO_TAG_MIN_OBJECT_SCORE),
    ...lightingTags(input.brightness, settings),
    ...timeOfDayTags(input.localHour, settings),
  ];
  return tags.sort((a, b) => b.score - a.score || a.tag.localeCompare(b.tag));
}

/** The label for the face count, as sure as the faces are on average. */
export function peopleTags(faces: Pick<DetectedFace, 'score'>[]): AutoTag[] {
  if (faces.length === 0) return [];
  const label = PEOPLE_LABELS.find((l) => faces.length <= l.upTo) as { tag: string };
  const meanScore = faces.reduce((sum, face) => sum + face.score, 0) / faces.length;
  return [{ tag: label.tag, score: round(meanScore) }];
}

/** One tag per kind of object, scored by its surest sighting. */
export function objectTags(objects: DetectedObject[], minScore: number): AutoTag[] {
  const best = new Map<string, number>();
  for (const object of objects) {
    if (object.score < minScore || OBJECTS_NOT_TAGGED.has(object.label)) continue;
    const tag = READABLE_OBJECT_WORDS[object.label] ?? object.label;
    best.set(tag, Math.max(best.get(tag) ?? 0, object.score));
  }
  return [...best].map(([tag, score]) => ({ tag, score: round(score) }));
}

/**
 * "low light" / "bright lighting" past the cut-offs. The score grows from 0.5 at the cut-off to 1
 * at black (or white), so a photo just past the line ranks below a clearly dark one.
 */
export function lightingTags(brightness: number, settings: AutoTagSettings): AutoTag[] {
  const low = settings.AUTO_TAG_LOW_LIGHT_BELOW;
  const bright = settings.AUTO_TAG_BRIGHT_ABOVE;
  if (brightness < low) return [{ tag: 'low light', score: round(0.5 + (0.5 * (low - brightness)) / low) }];
  if (brightness > bright) {
    return [{ tag: 'bright lighting', score: round(0.5 + (0.5 * (brightness - bright)) / (1 - bright)) }];
  }
  return [];
}

/** "daytime event" / "night event" from the camera's clock; nothing when the photo has no time. */
export function timeOfDayTags(localHour: number | undefined, settings: AutoTagSettings): AutoTag[] {
  if (localHour === undefined || !Number.isInteger(localHour) || localHour < 0 || localHour > 23) return [];
  const daytime =
    localHour >= settings.AUTO_TAG_DAY_STARTS_HOUR && localHour < settings.AUTO_TAG_NIGHT_STARTS_HOUR;
  return [{ tag: daytime ? 'daytime event' : 'night event', score: 1 }];
}

/** Scores are stored and shown; three decimals is all a reader or a sort needs. */
function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
