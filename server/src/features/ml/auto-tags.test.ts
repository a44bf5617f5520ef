import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { autoTagsFor } from './auto-tags.js';

const settings = loadConfig({});
const faces = (n: number) => Array.from({ length: n }, () => ({ score: 0.9 }));
const neutral = { faces: [], objects: [], brightness: 0.45 };
const tags = (input: Parameters<typeof autoTagsFor>[0]) => autoTagsFor(input, settings).map((t) => t.tag);

describe('auto tags', () => {
  it.each([
    [1, 'single person'],
    [2, 'two people'],
    [3, 'group photo'],
    [5, 'group photo'],
    [6, 'large group'],
    [10, 'large group'],
    [11, 'crowd'],
    [40, 'crowd'],
  ])('names %i faces with the original label "%s"', (count, label) => {
    expect(tags({ ...neutral, faces: faces(count) })).toEqual([label]);
  });

  it('gives no people label without faces, and never tags "person"', () => {
    expect(tags({ ...neutral, objects: [{ label: 'person', score: 0.99 }] })).toEqual([]);
  });

  it('turns COCO objects into words, once per kind at its best score, above the threshold only', () => {
    const result = autoTagsFor(
      {
        ...neutral,
        objects: [
          { label: 'cup', score: 0.4 },
          { label: 'cup', score: 0.8 },
          { label: 'tv', score: 0.5 },
          { label: 'laptop', score: settings.AUTO_TAG_MIN_OBJECT_SCORE - 0.01 },
        ],
      },
      settings,
    );
    expect(result).toEqual([
      { tag: 'cup', score: 0.8 },
      { tag: 'television', score: 0.5 },
    ]);
  });

  it('tags low light and bright lighting past their cut-offs only, darker scoring higher', () => {
    const low = settings.AUTO_TAG_LOW_LIGHT_BELOW;
    const bright = settings.AUTO_TAG_BRIGHT_ABOVE;
    expect(tags({ ...neutral, brightness: low })).toEqual([]);
    expect(tags({ ...neutral, brightness: bright })).toEqual([]);
    expect(tags({ ...neutral, brightness: bright + 0.01 })).toEqual(['bright lighting']);
    const dim = autoTagsFor({ ...neutral, brightness: low - 0.01 }, settings);
    const black = autoTagsFor({ ...neutral, brightness: 0 }, settings);
    expect(dim.map((t) => t.tag)).toEqual(['low light']);
    expect(black).toEqual([{ tag: 'low light', score: 1 }]);
    expect(dim[0]?.score).toBeLessThan(1);
    expect(dim[0]?.score).toBeGreaterThanOrEqual(0.5);
  });

  it('tells day from night by the camera hour, and says nothing without one', () => {
    const day = settings.AUTO_TAG_DAY_STARTS_HOUR;
    const night = settings.AUTO_TAG_NIGHT_STARTS_HOUR;
    expect(tags({ ...neutral, localHour: day })).toEqual(['daytime event']);
    expect(tags({ ...neutral, localHour: night - 1 })).toEqual(['daytime event']);
    expect(tags({ ...neutral, localHour: night })).toEqual(['night event']);
    expect(tags({ ...neutral, localHour: day - 1 })).toEqual(['night event']);
    expect(tags({ ...neutral, localHour: undefined })).toEqual([]);
    expect(tags({ ...neutral, localHour: 24 })).toEqual([]);
  });

  it('follows the thresholds in config', () => {
    const strict = loadConfig({ AUTO_TAG_MIN_OBJECT_SCORE: '0.9', AUTO_TAG_LOW_LIGHT_BELOW: '0.5' });
    const input = { ...neutral, objects: [{ label: 'cup', score: 0.8 }] };
    expect(autoTagsFor(input, strict).map((t) => t.tag)).toEqual(['low light']);
  });

  it('sorts the tags best first', () => {
    const result = autoTagsFor(
      { faces: faces(3), objects: [{ label: 'cake', score: 0.95 }], brightness: 0.1, localHour: 22 },
      settings,
    );
    expect(result.map((t) => t.tag)).toEqual(['night event', 'cake', 'group photo', 'low light']);
    expect(result.map((t) => t.score)).toEqual([...result.map((t) => t.score)].sort((a, b) => b - a));
  });

  it('refuses cut-offs that cross', () => {
    expect(() => loadConfig({ AUTO_TAG_LOW_LIGHT_BELOW: '0.7', AUTO_TAG_BRIGHT_ABOVE: '0.6' })).toThrow(
      /AUTO_TAG_LOW_LIGHT_BELOW/,
    );
    expect(() => loadConfig({ AUTO_TAG_DAY_STARTS_HOUR: '20' })).toThrow(/AUTO_TAG_DAY_STARTS_HOUR/);
    expect(() => loadConfig({ FACE_MATCH_THRESHOLD: '1.5' })).toThrow(/FACE_MATCH_THRESHOLD/);
  });
});
