import { describe, expect, it } from 'vitest';
import { scaledSize, shrinkSelfie } from './selfie';

describe('the selfie sent to find-me', () => {
  it('is scaled so its longer side fits, keeping its shape, and never enlarged', () => {
    expect(scaledSize(4032, 3024)).toEqual({ width: 1600, height: 1200 });
    expect(scaledSize(3024, 4032)).toEqual({ width: 1200, height: 1600 });
    expect(scaledSize(800, 600)).toEqual({ width: 800, height: 600 });
  });

  it('goes as it is where the browser cannot decode it', async () => {
    const file = new File([new Uint8Array([1, 2, 3])], 'me.jpg', { type: 'image/jpeg' });
    expect(await shrinkSelfie(file)).toBe(file);
  });
});
