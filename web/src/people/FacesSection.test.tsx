import type { EventMember, EventRead, Me, PersonRead, PhotoRead } from '@pixeli/contract';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { meKey } from '../app/hooks';
import { eventKeys } from '../events/queries';
import { FacesSection } from './FacesSection';
import { peopleKeys } from './queries';

afterEach(cleanup);

const me = { id: '1b6f3c1e-8a4d-4c2b-9e7f-1a2b3c4d5e6f', username: 'ana', name: 'Ana', profile_pic: null };
const bo = { id: '3b6f3c1e-8a4d-4c2b-9e7f-1a2b3c4d5e6f', username: 'bo', name: 'Bo', profile_pic: null };
const cy = {
  id: '5b6f3c1e-8a4d-4c2b-9e7f-1a2b3c4d5e6f',
  username: 'cy',
  name: 'Cy Ödman',
  profile_pic: null,
};
const box = { x: 0.1, y: 0.1, width: 0.2, height: 0.3 };

// jsdom has no media queries; the naming sheet asks whether the pointer is a mouse.
window.matchMedia ??= (query: string) =>
  ({
    matches: false,
    media: query,
    addEventListener() {},
    removeEventListener() {},
  }) as unknown as MediaQueryList;

const unnamedId = '0b6f3c1e-8a4d-4c2b-9e7f-1a2b3c4d5e6f';
const boId = '4b6f3c1e-8a4d-4c2b-9e7f-1a2b3c4d5e6f';

function section(photo: Pick<PhotoRead, 'faces' | 'tag_suggestions'>, faceMatching = true, manage = false) {
  // What the server said is already cached and stays fresh: these tests draw, they do not fetch.
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
  client.setQueryData(meKey, { ...me, face_matching: faceMatching } as Me);
  const event = { id: 'e', can_manage: manage, faces_enabled: true, coordinator: me } as EventRead;
  client.setQueryData(eventKeys.one('e'), event);
  const member = (user: typeof me): EventMember => ({
    user,
    role: 'viewer',
    joined_at: '2026-01-01T00:00:00Z',
  });
  client.setQueryData(eventKeys.members('e'), [member(bo), member(cy)]);
  const people = [
    { id: unnamedId, name: null, user: null, photos_count: 1, face_url: null },
    { id: boId, name: 'Bo', user: bo, photos_count: 1, face_url: null },
  ] satisfies PersonRead[];
  client.setQueryData(peopleKeys.ofEvent('e'), people);
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

  it("gives the event's staff Name… on an unnamed person, Change and Remove name on a named one, and no claim", () => {
    section(
      {
        faces: [
          { box, person_id: unnamedId, user: null },
          { box, person_id: boId, user: bo },
          { box, person_id: null, user: null },
        ],
        tag_suggestions: [],
      },
      true,
      true,
    );
    const [unnamed, named, ungrouped] = screen.getAllByRole('listitem') as HTMLElement[];
    expect(within(unnamed!).getByRole('button', { name: 'Name…' })).toBeTruthy();
    expect(within(unnamed!).queryByRole('button', { name: 'This is me' })).toBeNull();
    expect(within(named!).getByRole('button', { name: 'Change' })).toBeTruthy();
    expect(within(named!).getByRole('button', { name: 'Remove name' })).toBeTruthy();
    // A face not grouped into a person yet cannot be named.
    expect(within(ungrouped!).queryByRole('button')).toBeNull();
  });

  it('opens "Who is this?" over the event\'s members, the coordinator among them, found by name as typed', () => {
    section({ faces: [{ box, person_id: unnamedId, user: null }], tag_suggestions: [] }, true, true);
    fireEvent.click(screen.getByRole('button', { name: 'Name…' }));
    const sheet = screen.getByRole('dialog', { name: 'Who is this?' });
    const found = () =>
      within(within(sheet).getByRole('list', { name: 'Members' }))
        .getAllByRole('button')
        .map((b) =>
          [
            b.querySelector('.user-picker-name')?.textContent,
            b.querySelector('.user-picker-result-note')?.textContent,
          ]
            .filter(Boolean)
            .join(' · '),
        );
    // Bo is another person of the event already: choosing him merges the two people.
    expect(found()).toEqual(['Ana', 'Bo · Merge', 'Cy Ödman']);
    expect(within(sheet).getByRole('button', { name: /Bo/ }).hasAttribute('disabled')).toBe(false);
    fireEvent.change(within(sheet).getByLabelText('A member of the event'), { target: { value: 'od' } });
    expect(found()).toEqual(['Cy Ödman']);
    fireEvent.change(within(sheet).getByLabelText('A member of the event'), { target: { value: 'zed' } });
    expect(within(sheet).getByText('No member by that name.')).toBeTruthy();
    fireEvent.click(within(sheet).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
