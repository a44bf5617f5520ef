/**
 * A selfie is sent once over what may be a slow venue Wi-Fi: a phone's 12 MP picture is scaled
 * down to what face matching needs before it goes (a few hundred kB instead of several MB). Where
 * the browser cannot decode it (or in tests), the file goes as it is and the server judges it.
 */
export const SELFIE_MAX_SIDE = 1600;

/** The size to draw a picture at so its longer side is at most `max`; never enlarged. */
export function scaledSize(width: number, height: number, max = SELFIE_MAX_SIDE) {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export async function shrinkSelfie(file: File): Promise<File> {
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') return file;
  try {
    // The camera's orientation is applied while decoding, so the face is upright when drawn.
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const size = scaledSize(bitmap.width, bitmap.height);
    if (size.width === bitmap.width && file.size < 1024 * 1024) {
      bitmap.close();
      return file;
    }
    const canvas = new OffscreenCanvas(size.width, size.height);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, size.width, size.height);
    bitmap.close();
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.88 });
    return blob.size < file.size ? new File([blob], 'selfie.jpg', { type: 'image/jpeg' }) : file;
  } catch {
    return file;
  }
}
