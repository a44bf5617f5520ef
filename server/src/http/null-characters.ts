import fp from 'fastify-plugin';
import { AppError } from '../errors.js';

/**
 * PostgreSQL text cannot hold U+0000, so a NUL anywhere in a request would fail in the database as
 * a 500. Refusing it once at the edge (JSON bodies, paths and query strings) keeps every route,
 * present and future, from having to remember.
 */
const nullCharacter = () => new AppError(400, 'null_character', 'Null characters are not allowed.');

function holdsNullCharacter(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(holdsNullCharacter);
  if (value && typeof value === 'object') {
    return Object.entries(value).some(([key, v]) => key.includes('\u0000') || holdsNullCharacter(v));
  }
  return false;
}

export const refuseNullCharacters = fp(
  async (app) => {
    // Fastify's own JSON parser (with its prototype-poisoning guard), followed by the NUL check.
    const parseJson = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      parseJson(request, body as string, (error, value) => {
        if (error) return done(error, undefined);
        if (holdsNullCharacter(value)) return done(nullCharacter(), undefined);
        done(null, value);
      });
    });
    app.addHook('onRequest', async (request) => {
      if (/%00/i.test(request.url)) throw nullCharacter();
    });
  },
  { name: 'pixeli-null-characters', fastify: '5.x' },
);
