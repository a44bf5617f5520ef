import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Config } from '../config.js';
import { responseSerializerCompiler } from './serializer.js';

type Mode = Config['RESPONSE_SERIALIZER'];

/** A real pino logger at debug level whose lines the test can read. */
function capturedLog() {
  const lines: { msg: string; route?: string; reason?: string }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

/** A Fastify app with one `GET /answer` that sends `answer` under `schema`, serialized in `mode`. */
async function appAnswering(mode: Mode, schema: z.ZodType, answer: unknown) {
  const { log, lines } = capturedLog();
  const app = Fastify({ loggerInstance: log });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler({ mode, log }));
  app.get('/answer', { schema: { response: { 200: schema } } }, async () => answer);
  await app.ready();
  const res = await app.inject({ method: 'GET', url: '/answer' });
  await app.close();
  return { res, lines };
}

const Person = z.object({ id: z.uuid(), name: z.string() }).meta({ id: 'SerializerTestPerson' });
type Folder = { name: string; folders: Folder[] };
const Folder: z.ZodType<Folder> = z.object({
  name: z.string(),
  get folders() {
    return z.array(Folder);
  },
});

/** Every kind of field the contract's answers use, and a recursive one they may one day. */
const Sample = z.object({
  caption: z.string().nullable(),
  width: z.number().int().nullable(),
  owner: Person.nullable(),
  role: z.enum(['admin', 'viewer']).nullable(),
  views: z.number().int().optional(),
  error: z.union([z.string(), z.record(z.string(), z.array(z.string()))]).nullable(),
  status: z.enum(['PE', 'CO']),
  counts: z.record(z.string(), z.number()),
  taken_at: z.iso.datetime(),
  meta: z.record(z.string(), z.unknown()),
  extra: z.unknown(),
  tree: Folder,
});

const ID = '3f2a6c1e-8b4d-4e2a-9c1f-0a1b2c3d4e5f';
const full = {
  caption: 'Ünïcode "quoted" \\ and a line\nbreak, a lone \ud800 surrogate',
  width: 4032,
  owner: { id: ID, name: 'Ana', password_hash: 'never sent' },
  role: 'viewer',
  views: 7,
  error: { file: ['Too large.'] },
  status: 'CO',
  counts: { likes: 3, 'with/slash': 0 },
  taken_at: '2024-05-01T10:20:30.123Z',
  meta: { exif: { iso: 100, lens: null }, tags: ['a', 1, true] },
  extra: [1, { deep: 'x' }],
  tree: { name: 'root', folders: [{ name: 'child', folders: [] }] },
  not_in_the_schema: 'dropped by both',
};
const sparse = {
  ...full,
  caption: null,
  width: null,
  owner: null,
  role: null,
  views: undefined,
  error: 'Not an image.',
  counts: {},
  meta: {},
  extra: null,
};

describe('the compiled response serializer', () => {
  it('answers what zod answers for nullable, optional, union, enum, record, datetime, unknown and recursive fields', async () => {
    for (const answer of [full, sparse]) {
      const byZod = await appAnswering('zod', Sample, answer);
      expect(byZod.res.statusCode).toBe(200);
      expect(byZod.res.json()).not.toHaveProperty('not_in_the_schema');
      expect(byZod.res.json().owner?.password_hash).toBeUndefined();
      for (const mode of ['compiled', 'checked'] as const) {
        const { res } = await appAnswering(mode, Sample, answer);
        expect(res.statusCode, mode).toBe(200);
        expect(res.json(), mode).toEqual(byZod.res.json());
      }
    }
  });

  it('keeps zod for a schema JSON Schema cannot say, and says so once at debug level', async () => {
    const WithDate = z.object({
      at: z.codec(z.iso.datetime(), z.date(), {
        decode: (iso) => new Date(iso),
        encode: (date) => date.toISOString(),
      }),
    });
    const { res, lines } = await appAnswering('compiled', WithDate, { at: new Date('2024-05-01T10:20:30Z') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ at: '2024-05-01T10:20:30.000Z' });
    const notes = lines.filter((line) => line.msg === 'answers serialized by zod');
    expect(notes).toHaveLength(1);
    expect(notes[0]?.route).toBe('GET /answer 200');
  });

  it('in checked mode, fails an answer the compiled code gets wrong, naming the route and the path', async () => {
    // zod takes the first union branch that parses and strips the rest; the compiled code asks
    // Ajv, which refuses the first branch (no extra properties) and sends the second, `age` and all.
    const Union = z.union([z.object({ name: z.string() }), z.object({ name: z.string(), age: z.number() })]);
    const answer = [{ name: 'Ana', age: 30 }];
    const compiled = await appAnswering('compiled', z.array(Union), answer);
    expect(compiled.res.json()).toEqual([{ name: 'Ana', age: 30 }]);
    expect((await appAnswering('zod', z.array(Union), answer)).res.json()).toEqual([{ name: 'Ana' }]);

    const checked = await appAnswering('checked', z.array(Union), answer);
    expect(checked.res.statusCode).toBe(500);
    expect(checked.res.json().message).toBe(
      'GET /answer 200: the compiled serializer differs from zod at /0/age: zod nothing, compiled 30',
    );
  });

  it('in checked mode, zod still refuses an answer that breaks the contract', async () => {
    const { res } = await appAnswering('checked', Sample, { ...full, status: 'XX' });
    expect(res.statusCode).toBe(500);
    expect(res.json().message).toMatch(/Response doesn't match the schema/);
  });
});
