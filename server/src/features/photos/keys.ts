import { VARIANT_SPECS, type VariantName } from '../media/service.js';

/**
 * Storage keys of a photo's files. They are built from the photo's id only, never from a name a
 * user chose, and every file of one photo shares the `photos/<id>/` prefix so deleting is one call.
 */
export type ServedVariant = VariantName;

export const photoPrefix = (photoId: string) => `photos/${photoId}/`;
/** The original keeps an extension from its sniffed type, so the disk driver serves the right Content-Type. */
export const originalKey = (photoId: string, mimeType: string) =>
  `photos/${photoId}/original.${ORIGINAL_EXTENSIONS[mimeType] ?? 'bin'}`;

const ORIGINAL_EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/heic': 'heic',
};
export const variantKey = (photoId: string, variant: ServedVariant) =>
  `photos/${photoId}/${VARIANT_SPECS[variant].keySuffix}`;

/** A variant's file extension (`jpg`, `webp`), for download names. */
export const variantExtension = (variant: ServedVariant) => VARIANT_SPECS[variant].keySuffix.split('.').pop();
