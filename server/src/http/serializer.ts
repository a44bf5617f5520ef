import { createRequire } from 'node:module';
import type build from 'fast-json-stringify';
import type { FastifyBaseLogger, FastifySerializerCompiler } from 'fastify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../config.js';
import { firstDifference } from './json-difference.js';
import { responseJsonSchema } from './response-json-schema.js';

type Stringify = (data: unknown) => string;

/** Loaded at the first answer, like the code it builds: its import (with Ajv) is ~30 ms of a start. */
let buildStringify: typeof build | undefined;
const loadFastJsonStringify = () =>
  (buildStringify ??= createRequire(import.meta.url)('fast-json-stringify') as typeof build);

/** A response schema as fast-json-stringify code, or why it stays with zod. */
type Compiled = { stringify: Stringify } | { unrepresentable: string };

/**
 * One compile per zod schema object, shared by every route and app that answers with it: `ErrorReply`
 * alone is in some hundred route/status pairs, and the test suite builds the app once per file.
 */
const compiledBySchema = new WeakMap<z.ZodType, Compiled>();

/**
 * The zod response schema as a fast-json-stringify function. Anything JSON Schema cannot say
 * (a transform, a date, a map) comes back `unrepresentable`, and its route keeps the zod serializer.
 */
export function compileResponseSchema(schema: z.ZodType): Compiled {
  let compiled = compiledBySchema.get(schema);
  if (!compiled) {
    compiled = tryCompile(schema);
    compiledBySchema.set(schema, compiled);
  }
  return compiled;
}

function tryCompile(schema: z.ZodType): Compiled {
  try {
    return { stringify: loadFastJsonStringify()(responseJsonSchema(schema) as build.AnySchema) };
  } catch (error) {
    return { unrepresentable: error instanceof Error ? error.message : String(error) };
  }
}

/** What a compiled answer got wrong, named well enough to find in a failing test. */
export class SerializerMismatchError extends Error {
  override name = 'SerializerMismatchError';
}

export interface ResponseSerializerOptions {
  mode: Config['RESPONSE_SERIALIZER'];
  log: FastifyBaseLogger;
}

/**
 * The serializer compiler for every route's answers (see RESPONSE_SERIALIZER in config.ts):
 * - `compiled`: fast-json-stringify code built once per schema; nothing is validated per request.
 * - `checked`: zod validates and serializes as in `zod`, the compiled code serializes too, and the
 *   two must parse to the same JSON, else the request fails naming the route and the first path
 *   that differs. fast-json-stringify drops unknown properties and coerces types without a word;
 *   the test suites run in this mode so every answer they provoke proves the compiled code right.
 * - `zod`: fastify-type-provider-zod's serializer (zod encode, then JSON.stringify) on every answer.
 *
 * The code is built at a route's first answer, not at start: building it for every schema costs
 * about 0.2 s of CPU, and a restart is held to 2 s (BENCHMARKS.md, "start").
 */
export function responseSerializerCompiler({ mode, log }: ResponseSerializerOptions) {
  const compile: FastifySerializerCompiler<unknown> = (route) => {
    const viaZod = zodSerializerCompiler(route as Parameters<typeof zodSerializerCompiler>[0]);
    const schema = route.schema;
    if (mode === 'zod' || !(schema instanceof z.ZodType)) return viaZod;
    const name = `${route.method} ${route.url} ${route.httpStatus}`;
    const choose = (): Stringify => {
      const compiled = compileResponseSchema(schema);
      if ('unrepresentable' in compiled) {
        log.debug({ route: name, reason: compiled.unrepresentable }, 'answers serialized by zod');
        return viaZod;
      }
      return mode === 'compiled' ? compiled.stringify : checkedAgainstZod(name, viaZod, compiled.stringify);
    };
    let chosen: Stringify | undefined;
    return (data) => {
      chosen ??= choose();
      return chosen(data);
    };
  };
  return compile;
}

/** Zod's bytes judge the compiled ones; the compiled ones are sent, as in production. */
function checkedAgainstZod(route: string, viaZod: Stringify, compiled: Stringify): Stringify {
  return (data) => {
    const expected = viaZod(data); // zod refuses a wrong answer first, exactly as in `zod` mode
    let actual: string;
    try {
      actual = compiled(data);
    } catch (error) {
      throw new SerializerMismatchError(
        `${route}: the compiled serializer threw where zod did not: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const difference = firstDifference(JSON.parse(expected), JSON.parse(actual));
    if (difference) {
      throw new SerializerMismatchError(
        `${route}: the compiled serializer differs from zod at ${difference.path}: zod ${show(difference.expected)}, compiled ${show(difference.actual)}`,
      );
    }
    return actual;
  };
}

const show = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value).slice(0, 200));
