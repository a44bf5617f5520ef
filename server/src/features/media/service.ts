/**
 * The image pipeline as the rest of the server uses it: what a file is, turning an original into
 * its variants, and EXIF without the location. `routes.ts` serves the stored files on the disk driver.
 */
export { withoutLocation } from './exif.js';
export { heifConvertAvailable } from './heic.js';
export { processImage, UnsupportedImageError, VARIANT_SPECS, type VariantName } from './pipeline.js';
export { mimeOf, SNIFF_BYTES, sniffImageType } from './sniff.js';
