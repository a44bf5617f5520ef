import type { Me, PhotoRead } from '@pixeli/contract';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { meKey } from '../app/hooks';
import { FacesSection } from './FacesSection';

afterEach(cleanup);

const me = { id: '1b6f3c1e-8a4d-4c2b-9e7f-1a2b3c4d5e6f', username: 'ana', name: 'Ana', profile_pic: null };
const bo = { id: '3b6f3c1e-8a4d-4c2b-9e7f-1a2b3c4d5e6f', username: 'bo', name: 'Bo', profile_pic: null };
const box = { x: 0.1, y: 0.1, width: 0.2, height: 0.3 };

function section(photo: Pick<PhotoRead, 'faces' | 'tag_suggestions'>, faceMatching = true) {
  const client = new QueryClient();
  client.setQueryData(meKey, { ...me, face_matching: faceMatching } as Me);
  const shown: boolean[] = [];
  const full = { id: 'p', event: 'e', ...photo } as PhotoRead;
  render(
    <QueryClientProvider client={client}>
      <FacesSection photo={full} showFaces={false} onShowFaces={(on) => shown.push(on)} />
    </QueryClientProvider>,
  );
  return shown;
}

describe("the viewer's faces", () => {
  it('lists each face by name or Unnamed, with "This is me" on an unnamed person and "Not me" on mine', () => {
    const shown = section({
      faces: [
        { box, person_id: '0b6f3c1e-8a4d-4c2b-9e7f-1a2b3c4d5e6f', user: null },
        { box, person_id: '2b6f3c1e-8a4d-4c2b-9e7f-1a2b3c4d5e6f', user: me },
        { box, person_id: '4b6f3c1e-8a4d-4c2b-9e7f-1a2b3c4d5e6f', user: bo },
      ],
      tag_suggestions: [],
    });
    const [unnamed, mine, theirs] = screen.getAllByRole('listitem');
    expect(within(unnamed as HTMLElement).getByText('Unnamed')).toBeTruthy();
    expect(within(unnamed as HTMLElement).getByRole('button', { name: 'This is me' })).toBeTruthy();
    expect(within(mine as HTMLElement).getByRole('button', { name: 'Not me' })).toBeTruthy();
    expect(within(theirs as HTMLElement).queryByRole('button')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show faces' }));
    expect(shown).toEqual([true]);
  });

  it('offers no claim to someone who turned face matching off, and a one-tap tag for each suggestion', () => {
    section(
      {
        faces: [{ box, person_id: '0b6f3c1e-8a4d-4c2b-9e7f-1a2b3c4d5e6f', user: null }],
        tag_suggestions: [bo],
      },
      false,
    );
    expect(screen.queryByRole('button', { name: 'This is me' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Tag Bo' })).toBeTruthy();
  });

  it('shows nothing for a photo with no faces', () => {
    section({ faces: [], tag_suggestions: [] });
    expect(screen.queryByText('Faces')).toBeNull();
  });
});
