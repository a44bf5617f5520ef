import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from '../lib/api/errors';
import { avatarFileProblem } from './avatar';
import { codeDigits } from './code';
import { formatWait, secondsUntil, waitAfter } from './countdown';
import { describeFailure } from './form';
import { inviteToken, keepNext, welcomePath } from './navigation';
import { PASSWORD_MIN, passwordStrength } from './password-strength';

const q = (text: string) => new URLSearchParams(text);

describe('keepNext', () => {
  it('carries a safe next from one signed-out screen to another', () => {
    expect(keepNext('/signup', q('next=%2Fevents%2F7'))).toBe('/signup?next=%2Fevents%2F7');
    expect(keepNext('/signin', q(''))).toBe('/signin');
  });
  it('drops a next that would leave the app', () => {
    expect(keepNext('/signup', q('next=%2F%2Fevil.example'))).toBe('/signup');
    expect(keepNext('/signup', q('next=https%3A%2F%2Fevil.example'))).toBe('/signup');
  });
  it('adds extra values, skipping empty ones', () => {
    expect(keepNext('/signin', q('next=%2Fx'), { login: 'a@b.c', email: '' })).toBe(
      '/signin?next=%2Fx&login=a%40b.c',
    );
  });
});

describe('inviteToken', () => {
  it('reads ?invite= first, then a next that is an invite page', () => {
    expect(inviteToken(q('invite=abc'))).toBe('abc');
    expect(inviteToken(q('next=%2Finvite%2Ftok_123'))).toBe('tok_123');
    expect(inviteToken(q('next=%2Finvite%2Ftok_123%2F'))).toBe('tok_123');
  });
  it('finds none elsewhere', () => {
    expect(inviteToken(q('next=%2Fevents%2F1'))).toBeUndefined();
    expect(inviteToken(q('next=%2F%2Finvite%2Fx'))).toBeUndefined();
    expect(inviteToken(q(''))).toBeUndefined();
  });
});

describe('welcomePath', () => {
  it('goes through /welcome on the way to next, or to the invite of ?invite=', () => {
    expect(welcomePath(q(''))).toBe('/welcome');
    expect(welcomePath(q('next=%2Finvite%2Fabc'))).toBe('/welcome?next=%2Finvite%2Fabc');
    expect(welcomePath(q('invite=abc'))).toBe('/welcome?next=%2Finvite%2Fabc');
  });
});

describe('countdown', () => {
  it('counts whole seconds up to a deadline and never below zero', () => {
    expect(secondsUntil(10_000, 0)).toBe(10);
    expect(secondsUntil(10_000, 9_001)).toBe(1);
    expect(secondsUntil(10_000, 10_000)).toBe(0);
    expect(secondsUntil(10_000, 99_000)).toBe(0);
  });
  it("takes the server's Retry-After over its own pace", () => {
    expect(waitAfter(42, 60)).toBe(42);
    expect(waitAfter(null, 60)).toBe(60);
    expect(waitAfter(0, 60)).toBe(60);
  });
  it('formats m:ss', () => {
    expect(formatWait(60)).toBe('1:00');
    expect(formatWait(9)).toBe('0:09');
  });
});

describe('codeDigits', () => {
  it('keeps the digits of whatever was pasted, at most six', () => {
    expect(codeDigits('123 456')).toBe('123456');
    expect(codeDigits('Your code: 987-654.')).toBe('987654');
    expect(codeDigits('12345678')).toBe('123456');
    expect(codeDigits('abc')).toBe('');
  });
});

describe('passwordStrength', () => {
  it("uses the contract's minimum and grows with length and variety", () => {
    expect(PASSWORD_MIN).toBe(8);
    expect(passwordStrength('short')).toBe(0);
    expect(passwordStrength('aaaaaaaa')).toBe(1);
    expect(passwordStrength('abcdefgh')).toBe(1);
    expect(passwordStrength('abcdefgh12')).toBe(2);
    expect(passwordStrength('Abcdefgh12!x')).toBe(3);
    expect(passwordStrength('correct horse battery')).toBe(3);
  });
});

describe('describeFailure', () => {
  it('puts shown fields next to their inputs and the rest on top', () => {
    const error = new ApiError(400, 'Username: taken', 'invalid', {
      username: ['A user with that username already exists.'],
      non_field_errors: ['Signups are closed.'],
    });
    expect(describeFailure(error, ['username'])).toEqual({
      message: 'Signups are closed.',
      fields: { username: 'A user with that username already exists.' },
      offline: false,
    });
  });
  it("shows the server's detail when no field is named", () => {
    const error = new ApiError(401, 'No active account found with the given credentials', 'x');
    expect(describeFailure(error, ['username']).message).toBe(
      'No active account found with the given credentials',
    );
  });
  it('marks a network failure as offline, so the form offers a retry', () => {
    expect(describeFailure(new NetworkError(), []).offline).toBe(true);
  });
});

describe('avatarFileProblem', () => {
  it("accepts the contract's image types up to its size", () => {
    expect(avatarFileProblem({ type: 'image/jpeg', size: 1000 })).toBeNull();
    expect(avatarFileProblem({ type: 'image/gif', size: 1000 })).toMatch(/JPEG/);
    expect(avatarFileProblem({ type: 'image/png', size: 11 * 1024 * 1024 })).toMatch(/10 MB/);
  });
});
