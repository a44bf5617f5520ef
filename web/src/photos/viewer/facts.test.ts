import { describe, expect, it } from 'vitest';
import { cameraFacts, gpsOf } from './facts';

describe('camera facts', () => {
  it('lists only what the photo’s meta says, naming the make once', () => {
    const facts = cameraFacts({
      meta: {
        make: 'Canon',
        model: 'Canon EOS R6',
        f_number: 2.8,
        exposure_time: '1/250',
        iso: 400,
        focal_length: 50,
      },
      width: 6000,
      height: 4000,
    });
    expect(facts).toEqual([
      { label: 'Camera', value: 'Canon EOS R6' },
      { label: 'Exposure', value: 'ƒ/2.8 · 1/250 s' },
      { label: 'ISO', value: '400' },
      { label: 'Focal length', value: '50 mm' },
      { label: 'Dimensions', value: '6000 × 4000 · 24.0 MP' },
    ]);
    expect(cameraFacts({ meta: {}, width: null, height: null })).toEqual([]);
  });

  it('gives a location only when the API sent one', () => {
    expect(gpsOf({ meta: { gps: { latitude: 23.7, longitude: 90.4 } } })).toEqual({
      latitude: 23.7,
      longitude: 90.4,
    });
    expect(gpsOf({ meta: {} })).toBeNull();
  });
});
