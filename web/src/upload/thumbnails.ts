/**
 * Small previews of picked files, made only when asked (a tile scrolled into view) and two at a
 * time: `createImageBitmap` decodes and shrinks off the main thread, so choosing 200 photos does
 * not freeze the page, and a 240 px JPEG is kept instead of a 12-megapixel decode per tile.
 */
const WIDTH = 240;
const AT_ONCE = 2;

const made = new WeakMap<File, Promise<string | null>>();
const waiting: (() => void)[] = [];
let running = 0;

async function turn<T>(work: () => Promise<T>): Promise<T> {
  if (running >= AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

async function shrink(file: File): Promise<string | null> {
  if (typeof createImageBitmap !== 'function') return URL.createObjectURL(file);
  try {
    const bitmap = await createImageBitmap(file, { resizeWidth: WIDTH, resizeQuality: 'medium' });
    const canvas = document.createElement('canvas');
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.8));
    return blob ? URL.createObjectURL(blob) : null;
  } catch {
    // Not an image this browser can decode (or not an image at all): the tile shows an icon.
    return null;
  }
}

/** The file's preview URL (kept for the file's lifetime), or null when it cannot be drawn. */
export function thumbnailOf(file: File): Promise<string | null> {
  let preview = made.get(file);
  if (!preview) {
    preview = turn(() => shrink(file));
    made.set(file, preview);
  }
  return preview;
}
