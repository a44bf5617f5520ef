/**
 * The camera facts worth showing next to a photo, read with exifr from the ORIGINAL file (the
 * variants carry no metadata). Anything odd is dropped field by field; garbage EXIF gives `{}`.
 */
import exifr from 'exifr';

// A type alias (not an interface) so it is assignable to Record<string, unknown> (a JSON column).
export type PhotoMeta = {
  make?: string;
  model?: string;
  lens?: string;
  /** As photographers write it: "1/250", or "2.5" for whole and fractional seconds. */
  exposure_time?: string;
  f_number?: number;
  iso?: number;
  /** Millimetres (the real focal length, not the 35 mm equivalent). */
  focal_length?: number;
  /**
   * When the photo was taken, as an ISO 8601 UTC string, from DateTimeOriginal (else CreateDate).
   * EXIF times are the camera's wall clock with no zone: when OffsetTimeOriginal/OffsetTimeDigitized
   * is present it is applied; otherwise the wall-clock time is labelled UTC as it stands (so
   * "2024:05:06 19:30:00" becomes "2024-05-06T19:30:00.000Z"), which keeps the clock time people
   * remember and orders one camera's photos correctly, but is not a true instant.
   */
  taken_at?: string;
  gps?: { latitude: number; longitude: number; altitude?: number };
  /** EXIF orientation 1-8 of the original (informational: variants are already upright). */
  orientation?: number;
};

const EXIFR_OPTIONS = {
  tiff: true,
  exif: true,
  gps: true,
  ifd1: false,
  interop: false,
  xmp: false,
  icc: false,
  iptc: false,
  jfif: false,
  ihdr: false,
  makerNote: false,
  userComment: false,
  translateKeys: true,
  translateValues: false,
  // Dates stay strings so that we, not the process time zone, decide how to read them.
  reviveValues: false,
  mergeOutput: true,
};

type Tags = Record<string, unknown>;

/** Never throws: a file with no EXIF, or EXIF that cannot be read, gives `{}`. */
export async function readPhotoMeta(input: Buffer | string): Promise<PhotoMeta> {
  let tags: unknown;
  try {
    tags = await exifr.parse(input, EXIFR_OPTIONS);
  } catch {
    return {};
  }
  if (!tags || typeof tags !== 'object') return {};
  try {
    return toPhotoMeta(tags as Tags);
  } catch {
    return {};
  }
}

/** The same facts without where the photo was taken (for viewers who may not see location). */
export function withoutLocation(meta: PhotoMeta): PhotoMeta {
  const { gps: _gps, ...rest } = meta;
  return rest;
}

function toPhotoMeta(tags: Tags): PhotoMeta {
  const meta: PhotoMeta = {};
  const make = text(tags.Make);
  const model = text(tags.Model);
  const lens = text(tags.LensModel);
  if (make) meta.make = make;
  if (model) meta.model = model;
  if (lens) meta.lens = lens;

  const exposure = positive(tags.ExposureTime);
  if (exposure !== undefined && exposure < 3600) meta.exposure_time = formatExposure(exposure);
  const fNumber = positive(tags.FNumber);
  if (fNumber !== undefined && fNumber < 1000) meta.f_number = round(fNumber, 1);
  const iso = positive(Array.isArray(tags.ISO) ? tags.ISO[0] : tags.ISO);
  if (iso !== undefined && iso < 10_000_000) meta.iso = Math.round(iso);
  const focal = positive(tags.FocalLength);
  if (focal !== undefined && focal < 100_000) meta.focal_length = round(focal, 1);

  const takenAt =
    exifDate(tags.DateTimeOriginal, tags.OffsetTimeOriginal, tags.SubSecTimeOriginal) ??
    exifDate(tags.CreateDate, tags.OffsetTimeDigitized, tags.SubSecTimeDigitized);
  if (takenAt) meta.taken_at = takenAt;

  const gps = location(tags);
  if (gps) meta.gps = gps;

  const orientation = tags.Orientation;
  if (
    typeof orientation === 'number' &&
    Number.isInteger(orientation) &&
    orientation >= 1 &&
    orientation <= 8
  ) {
    meta.orientation = orientation;
  }
  return meta;
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: EXIF strings are NUL-padded C strings
  const cleaned = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return cleaned ? cleaned.slice(0, 120) : undefined;
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function formatExposure(seconds: number): string {
  if (seconds < 1) {
    const denominator = 1 / seconds;
    // 1/250 is stored as 0.004; 0.3 s (3/10) is not a 1/n shutter speed and is written as "0.3".
    if (Math.abs(denominator - Math.round(denominator)) < denominator * 0.01) {
      return `1/${Math.round(denominator)}`;
    }
  }
  return String(round(seconds, seconds < 1 ? 3 : 1));
}

/** "YYYY:MM:DD HH:MM:SS" (+ optional "+HH:MM" offset and sub-seconds) as an ISO UTC string. */
function exifDate(value: unknown, offset: unknown, subSeconds: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const fraction = typeof subSeconds === 'string' || typeof subSeconds === 'number' ? String(subSeconds) : '';
  const millis = /^\d+$/.test(fraction.trim()) ? Math.round(Number(`0.${fraction.trim()}`) * 1000) : 0;

  const wallClock = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), Math.min(millis, 999));
  // Date.UTC rolls 31 February over into March: refuse instead of inventing a day.
  const check = new Date(wallClock);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return undefined;

  const zone = typeof offset === 'string' ? /^([+-])(\d{2}):(\d{2})$/.exec(offset.trim()) : null;
  const offsetMinutes = zone ? (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3])) : 0;
  const instant = Math.abs(offsetMinutes) <= 14 * 60 ? wallClock - offsetMinutes * 60_000 : wallClock;
  return new Date(instant).toISOString();
}

function location(tags: Tags): PhotoMeta['gps'] {
  const latitude = tags.latitude;
  const longitude = tags.longitude;
  if (typeof latitude !== 'number' || typeof longitude !== 'number') return undefined;
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return undefined;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
  // 0,0 is what cameras with no fix write; nobody photographs an event in the Gulf of Guinea.
  if (latitude === 0 && longitude === 0) return undefined;
  const gps: NonNullable<PhotoMeta['gps']> = { latitude: round(latitude, 7), longitude: round(longitude, 7) };
  const altitude = tags.GPSAltitude;
  if (typeof altitude === 'number' && Number.isFinite(altitude) && Math.abs(altitude) < 100_000) {
    const ref = tags.GPSAltitudeRef;
    const below = ref === 1 || (ref instanceof Uint8Array && ref[0] === 1);
    gps.altitude = round(below ? -altitude : altitude, 1);
  }
  return gps;
}
