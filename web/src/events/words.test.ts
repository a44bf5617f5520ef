import { ACCESS_LEVELS, MEMBER_ROLES, ORIGINAL_ACCESS_LEVELS } from '@pixeli/contract';
import { describe, expect, it } from 'vitest';
import {
  memberRoleLabel,
  myRoleLabel,
  ORIGINAL_CHOICES,
  originalAccessLabel,
  READ_CHOICES,
  ROLE_CHOICES,
  readPermLabel,
  WRITE_CHOICES,
} from './words';

describe('permission words', () => {
  it('names each read level in words, never its code', () => {
    expect(readPermLabel('PUB')).toBe('Public');
    expect(readPermLabel('IMG')).toBe('Members of the site');
    expect(readPermLabel('PRV')).toBe('Private');
  });

  it('has a choice, with an explanation, for every value the contract knows', () => {
    for (const [choices, values] of [
      [READ_CHOICES, ACCESS_LEVELS],
      [WRITE_CHOICES, ACCESS_LEVELS],
      [ORIGINAL_CHOICES, ORIGINAL_ACCESS_LEVELS],
      [ROLE_CHOICES, MEMBER_ROLES],
    ] as const) {
      expect(choices.map((c) => c.value)).toEqual([...values]);
      for (const choice of choices) {
        expect(choice.explanation.length).toBeGreaterThan(10);
        expect(choice.label).not.toMatch(/^(PUB|IMG|PRV|staff|members|readers)$/);
      }
    }
  });

  it('names originals, member roles and my role', () => {
    expect(originalAccessLabel('staff')).toBe('Organisers only');
    expect(memberRoleLabel('contributor')).toBe('Contributor');
    expect(myRoleLabel('coordinator')).toBe('Organiser');
    expect(myRoleLabel(null)).toBeNull();
  });
});
