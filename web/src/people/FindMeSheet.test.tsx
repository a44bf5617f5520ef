import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { FindMeBody } from './FindMeSheet';
import type { FindMeState } from './findMe';

afterEach(cleanup);

function body(state: FindMeState, linked = false) {
  const calls: string[] = [];
  render(
    <MemoryRouter>
      <FindMeBody
        state={state}
        linked={linked}
        onSelfie={(file) => calls.push(`selfie:${file.name}`)}
        onUseFace={() => calls.push('face')}
        onAgain={() => calls.push('again')}
        onClose={() => calls.push('close')}
      />
    </MemoryRouter>,
  );
  return calls;
}

describe('the find-me sheet', () => {
  it('offers "Use my face" only to someone linked in the event, and a selfie from the front camera to all', () => {
    body({ step: 'choose' });
    expect(screen.queryByRole('button', { name: 'Use my face' })).toBeNull();
    const input = screen.getByLabelText('Take or choose a selfie') as HTMLInputElement;
    expect(input.accept).toBe('image/*');
    expect(input.getAttribute('capture')).toBe('user');
    expect(screen.getByText(/not kept/)).toBeTruthy();
    cleanup();
    const calls = body({ step: 'choose' }, true);
    fireEvent.click(screen.getByRole('button', { name: 'Use my face' }));
    const selfie = new File([new Uint8Array([1, 2, 3])], 'me.jpg', { type: 'image/jpeg' });
    fireEvent.change(screen.getByLabelText('Take or choose a selfie'), { target: { files: [selfie] } });
    expect(calls).toEqual(['face', 'selfie:me.jpg']);
  });

  it('shows a wrong file, the wait, and a kind empty state', () => {
    body({ step: 'choose', problem: 'Choose a photo (an image file).' });
    expect(screen.getByRole('alert').textContent).toBe('Choose a photo (an image file).');
    cleanup();
    body({ step: 'searching', via: 'selfie' });
    expect(screen.getByRole('status').getAttribute('aria-busy')).toBe('true');
    cleanup();
    const calls = body({ step: 'found', matches: [] });
    fireEvent.click(screen.getByRole('button', { name: 'Try another way' }));
    expect(screen.getByText('No photos of you here yet')).toBeTruthy();
    expect(calls).toEqual(['again']);
  });

  it('lists the matches as links to the viewer, best first, and says a final refusal without a retry', () => {
    const match = (id: string) =>
      ({
        id,
        event: 'e',
        timestamp: '2026-11-01T10:00:00.000Z',
        photographer: { id: 'u', username: 'ana', name: 'Ana', profile_pic: null },
        thumbnail_url: `/media/${id}.webp`,
        thumbhash: null,
        width: 4,
        height: 3,
        status: 'CO',
        likes_count: 0,
        is_liked: false,
        can_edit: false,
        can_delete: false,
        can_share: false,
        similarity: 0.8,
      }) as const;
    body({ step: 'found', matches: [match('p1'), match('p2')] });
    expect(screen.getByText(/Found you in/).textContent).toBe('Found you in 2 photos.');
    const links = screen.getAllByRole('link').map((a) => a.getAttribute('href'));
    expect(links).toEqual(['/photos/p1', '/photos/p2']);
    cleanup();
    body({ step: 'failed', message: 'Faces are off in this event.', canRetry: false });
    expect(screen.getByRole('alert').textContent).toBe('Faces are off in this event.');
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });
});
