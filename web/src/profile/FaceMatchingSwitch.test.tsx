import type { Me } from '@pixeli/contract';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FaceMatchingSwitch } from './FaceMatchingSwitch';

afterEach(cleanup);

const me = { id: '1b6f3c1e-8a4d-4c2b-9e7f-1a2b3c4d5e6f', username: 'ana', name: 'Ana' } as Me;

function consent(on: boolean) {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <FaceMatchingSwitch me={{ ...me, face_matching: on }} />
    </QueryClientProvider>,
  );
  return screen.getByRole('switch', { name: /Let people find me in photos/ }) as HTMLInputElement;
}

describe('the face matching consent', () => {
  it('shows what the account has, with what it means', () => {
    expect(consent(true).checked).toBe(true);
    cleanup();
    const off = consent(false);
    expect(off.checked).toBe(false);
    expect(off.getAttribute('aria-describedby')).toBeTruthy();
    expect(screen.getByText(/Off removes your links to faces/)).toBeTruthy();
  });
});
