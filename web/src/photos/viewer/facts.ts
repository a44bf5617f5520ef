import type { PhotoRead } from '@pixeli/contract';

/**
 * The camera facts of a photo's `meta` as label/value lines, only for the keys present (the API
 * drops what EXIF did not say, and the location when the viewer may not see it).
 */
export interface Fact {
  label: string;
  value: string;
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function cameraFacts(photo: Pick<PhotoRead, 'meta' | 'width' | 'height'>): Fact[] {
  const meta = photo.meta ?? {};
  const facts: Fact[] = [];
  const make = str(meta.make);
  const model = str(meta.model);
  // Models often repeat the make ("Canon" + "Canon EOS R6"): say it once.
  const camera =
    model && make && !model.toLowerCase().startsWith(make.toLowerCase())
      ? `${make} ${model}`
      : (model ?? make);
  if (camera) facts.push({ label: 'Camera', value: camera });
  const lens = str(meta.lens);
  if (lens) facts.push({ label: 'Lens', value: lens });
  const exposure = [
    num(meta.f_number) !== undefined ? `ƒ/${num(meta.f_number)}` : undefined,
    str(meta.exposure_time) ? `${str(meta.exposure_time)} s` : undefined,
  ].filter(Boolean);
  if (exposure.length) facts.push({ label: 'Exposure', value: exposure.join(' · ') });
  const iso = num(meta.iso);
  if (iso !== undefined) facts.push({ label: 'ISO', value: String(iso) });
  const focal = num(meta.focal_length);
  if (focal !== undefined) facts.push({ label: 'Focal length', value: `${focal} mm` });
  if (photo.width && photo.height) {
    const mp = (photo.width * photo.height) / 1_000_000;
    facts.push({ label: 'Dimensions', value: `${photo.width} × ${photo.height} · ${mp.toFixed(1)} MP` });
  }
  return facts;
}

/** The location, only when the API gave it. */
export function gpsOf(photo: Pick<PhotoRead, 'meta'>): { latitude: number; longitude: number } | null {
  const gps = photo.meta?.gps as { latitude?: unknown; longitude?: unknown } | undefined;
  const latitude = num(gps?.latitude);
  const longitude = num(gps?.longitude);
  return latitude !== undefined && longitude !== undefined ? { latitude, longitude } : null;
}

/** The photo's moment as people say it, in the photo's own clock (see fileName.ts). */
export const formatTaken = (iso: string, style: 'medium' | 'long' = 'medium') =>
  new Intl.DateTimeFormat(undefined, { dateStyle: style, timeStyle: 'short', timeZone: 'UTC' }).format(
    new Date(iso),
  );

/** Just the day, for the top bar where a phone has little room (the time is in the info). */
export const formatDay = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
