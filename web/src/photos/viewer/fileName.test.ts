import { describe, expect, it } from 'vitest';
import { downloadFileName, extensionFor, slugTitle } from './fileName';

describe('download file names', () => {
  it('names the file after the event and the moment the photo was taken', () => {
    expect(downloadFileName('Event Title', '2026-11-03T14:12:59.000Z', 'image/jpeg')).toBe(
      'Event-Title-2026-11-03-1412.jpg',
    );
  });

  it('keeps letters of any script, drops what file systems dislike', () => {
    expect(slugTitle('  Fête / de la "Musique": 2026?  ')).toBe('Fête-de-la-Musique-2026');
    expect(slugTitle('উৎসব ২০২৬')).toBe('উৎসব-২০২৬');
    expect(slugTitle('***')).toBe('Photo');
    expect(slugTitle('a'.repeat(100))).toHaveLength(60);
  });

  it('takes the extension from the content type, JPEG when unknown', () => {
    expect(extensionFor('image/png')).toBe('png');
    expect(extensionFor('image/webp; charset=binary')).toBe('webp');
    expect(extensionFor(null)).toBe('jpg');
    expect(downloadFileName('Gala', 'not a date', 'image/heic')).toBe('Gala.heic');
  });
});
