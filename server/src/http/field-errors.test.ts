import { randomUUID } from 'node:crypto';
import { AccessLevel } from '@pixeli/contract';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createEvent } from '../test/fixtures.js';
import { call, forEachEngine, signUpVerified } from '../test/harness.js';
import { multipartBody } from '../test/multipart.js';
import { errorHandler } from './error-handler.js';
import { fieldErrorsOf } from './field-errors.js';

/** A validation mistake answers the same whether a JSON body or a multipart form carried it. */

const Body = z.object({ title: z.string(), read_perm: AccessLevel, tags: z.array(z.string()).optional() });

describe('fieldErrorsOf', () => {
  it('names a missing field "required", dots nested paths, and files whole-input issues apart', () => {
    expect(fieldErrorsOf(Body.safeParse({ read_perm: 'SECRET', tags: ['a', 7] }).error!)).toEqual({
      title: ['This field is required.'],
      read_perm: ['Invalid option: expected one of "PUB"|"IMG"|"PRV"'],
      'tags.1': ['Invalid input: expected string, received number'],
    });
    expect(fieldErrorsOf(z.string().safeParse(1).error!)).toEqual({
      non_field_errors: ['Invalid input: expected string, received number'],
    });
  });

  it('gives a JSON route the answer it gives a zod error parsed by hand', async () => {
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await app.register(errorHandler);
    app.withTypeProvider<ZodTypeProvider>().post('/', { schema: { body: Body } }, async () => ({}));
    for (const body of [{}, { title: 'x', read_perm: 'SECRET', tags: ['a', 7] }]) {
      const res = await app.inject({ method: 'POST', url: '/', payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual(fieldErrorsOf(Body.safeParse(body).error!));
    }
    await app.close();
  });
});

forEachEngine((h) => {
  it('answers a bad field in a multipart upload as the JSON route answers it', async () => {
    const ada = await signUpVerified(h);
    const event = await createEvent(h, ada);
    const wrong = { read_perm: 'SECRET', caption: 5 };

    const json = await call(h, 'PATCH', `/api/photos/${randomUUID()}/`, { token: ada.access, body: wrong });
    expect(json.statusCode).toBe(400);

    const form = multipartBody([
      { name: 'images', filename: 'a.jpg', data: Buffer.from('not looked at') },
      { name: 'metadata', value: JSON.stringify([{ client_id: 'a.jpg', ...wrong }]) },
    ]);
    const multipart = await call(h, 'POST', `/api/events/${event.id}/photos/bulk-upload/`, {
      token: ada.access,
      body: form.payload,
      headers: form.headers,
    });
    expect(multipart.statusCode).toBe(207);
    expect(multipart.json().results[0].error).toEqual(json.json());
    expect(json.json()).toEqual({
      read_perm: ['Invalid option: expected one of "PUB"|"IMG"|"PRV"'],
      caption: ['Invalid input: expected string, received number'],
    });
  });
});
