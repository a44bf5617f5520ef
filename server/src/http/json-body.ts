import fp from 'fastify-plugin';
import { holdsNullCharacter, nullCharacter } from './null-characters.js';

/**
 * The one JSON body parser: Fastify's own (with its prototype-poisoning guard), then the NUL check.
 *
 * Clients put `Content-Type: application/json` on bodiless requests too (Dio, in the original's
 * Flutter client, does on every like, unlike and delete, with `Content-Length: 0`): an empty body is
 * no body. A route that needs one answers it as a request without any body: 400
 * `{"non_field_errors": ["A JSON body is required."]}` (field-errors.ts), and nothing changes.
 */
export const jsonBody = fp(
  async (app) => {
    const parseJson = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      if (body === '') return done(null, undefined);
      parseJson(request, body as string, (error, value) => {
        if (error) return done(error, undefined);
        if (holdsNullCharacter(value)) return done(nullCharacter(), undefined);
        done(null, value);
      });
    });
  },
  { name: 'pixeli-json-body', fastify: '5.x' },
);
