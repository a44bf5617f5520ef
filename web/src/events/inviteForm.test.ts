import { describe, expect, it } from 'vitest';
import { inviteBody } from './inviteForm';

describe('the invite form', () => {
  it('turns days into hours and an empty limit into none', () => {
    expect(inviteBody('contributor', '3', '')).toEqual({
      body: { role: 'contributor', expires_in_hours: 72, max_uses: null },
    });
    expect(inviteBody('viewer', '90', '25')).toEqual({
      body: { role: 'viewer', expires_in_hours: 2160, max_uses: 25 },
    });
  });

  it('names each field the server would refuse', () => {
    expect(inviteBody('viewer', '0', '1.5')).toEqual({
      errors: { days: 'At least one day.', uses: 'A whole number.' },
    });
    expect(inviteBody('viewer', '', '')).toHaveProperty('errors.days');
    expect(inviteBody('viewer', '91', '0')).toEqual({
      errors: { days: 'At most 90 days.', uses: 'At least one person.' },
    });
  });
});
