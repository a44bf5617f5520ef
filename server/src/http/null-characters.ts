import fp from 'fastify-plugin';
import { AppError } from '../errors.js';

/**
 * PostgreSQL text cannot hold U+0000, so a NUL anywhere in a request would fail in the database as
 * a 500. Refusing it once at the edge (JSON bodies in json-body.ts, paths and query strings here)
 * keeps every route, present and future, from having to remember.
 */
export const nullCharacter = () => new AppError(400, 'null_character', 'Null characters are not allowed.');

export function holdsNullCharacter(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(holdsNullCharacter);
  if (value && typeof value === 'object') {
    return Object.entries(value).some(([key, v]) => key.includes('\u0000') || holdsNullCharacter(v));
  }
  return false;
}

export const refuseNullCharacters = fp(
  async (app) => {
    app.addHook('onRequest', async (request) => {
      if (/%00/i.test(request.url)) throw nullCharacter();
    });
  },
  { name: 'pixeli-null-characters', fastify: '5.x' },
);
