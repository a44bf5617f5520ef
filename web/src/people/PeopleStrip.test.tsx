import type { PersonRead } from '@pixeli/contract';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PeopleStrip } from './PeopleStrip';

afterEach(cleanup);

const ana: PersonRead = {
  id: '0b6f3c1e-8a4d-4c2b-9e7f-1a2b3c4d5e6f',
  name: 'Ana Lima',
  user: { id: '1b6f3c1e-8a4d-4c2b-9e7f-1a2b3c4d5e6f', username: 'ana', name: 'Ana Lima', profile_pic: null },
  photos_count: 12,
  face_url: '/media/faces/ana.webp',
};
const stranger: PersonRead = {
  ...ana,
  id: '2b6f3c1e-8a4d-4c2b-9e7f-1a2b3c4d5e6f',
  name: null,
  user: null,
  photos_count: 1,
};

function strip(selected: string | null) {
  const picks: (string | null)[] = [];
  render(
    <PeopleStrip
      people={[ana, stranger]}
      selected={selected}
      onSelect={(p) => picks.push(p)}
      onFindMe={() => {}}
    />,
  );
  return picks;
}

describe('the people strip', () => {
  it('names linked people, calls the others Unnamed, and says how many photos each is in', () => {
    strip(null);
    expect(screen.getByRole('button', { name: /^Ana Lima\s*, 12 photos$/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: /^Unnamed\s*, 1 photo$/ })).toBeTruthy();
    expect(screen.queryByText(/Photos of/)).toBeNull();
  });

  it('filters by a person, and choosing them again or the chip shows everyone', () => {
    const picks = strip(ana.id);
    const chosen = screen.getByRole('button', { name: /^Ana Lima\s*, 12 photos$/ });
    expect(chosen.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: /^Unnamed\s*, 1 photo$/ }));
    fireEvent.click(chosen);
    fireEvent.click(screen.getByRole('button', { name: /Showing photos of Ana Lima/ }));
    expect(picks).toEqual([stranger.id, null, null]);
  });
});
