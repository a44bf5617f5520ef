import { NewPassword } from '@pixeli/contract';

/**
 * A hint, not a rule: the server decides (its length rule is the contract's, and it refuses common
 * passwords). The hint rewards length first and a mix of kinds of characters second.
 */
export type Strength = 0 | 1 | 2 | 3;

export const PASSWORD_MIN = NewPassword.minLength ?? 8;

export function passwordStrength(password: string): Strength {
  if (password.length < PASSWORD_MIN) return 0;
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  const uniqueChars = new Set(password).size;
  if (uniqueChars < 4) return 1;
  if (password.length >= 14 || (password.length >= 10 && kinds >= 3)) return 3;
  if (password.length >= 10 || kinds >= 3) return 2;
  return 1;
}

export const STRENGTH_LABEL: Record<Strength, string> = {
  0: `At least ${PASSWORD_MIN} characters`,
  1: 'Weak: longer is stronger',
  2: 'Good',
  3: 'Strong',
};
