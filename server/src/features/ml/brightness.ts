/**
 * Mean luma of 8-bit RGB pixels, 0 (black) .. 1 (white), with Rec. 709 weights (how bright a person
 * sees the photo, not the mean of the channels: pure blue looks dark).
 */
export function meanLuma(rgb: Uint8Array): number {
  const pixels = Math.floor(rgb.length / 3);
  if (pixels === 0) return 0;
  let sum = 0;
  for (let i = 0; i < pixels * 3; i += 3) {
    sum += 0.2126 * (rgb[i] as number) + 0.7152 * (rgb[i + 1] as number) + 0.0722 * (rgb[i + 2] as number);
  }
  return sum / pixels / 255;
}
