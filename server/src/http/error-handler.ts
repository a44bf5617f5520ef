import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, FieldError } from '../errors.js';
import { fieldErrorsOf } from './field-errors.js';

/** Stable codes for Fastify's own refusals (bad JSON, wrong content type, oversized body, ...). */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'empty_body',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_BAD_URL: 'malformed_url',
  FST_ERR_MAX_PARAM_LENGTH: 'url_too_long',
};

/**
 * Fastify answers a URL it cannot route (an escape that does not decode, as `/api/users/%ED%A0%80/`, or
 * a path parameter over `maxParamLength`) before any error handler, in its own shape; this is passed
 * as the `frameworkErrors` option so those answers take the house shape too.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode ?? 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ detail: 'Something went wrong on our side.', code: 'internal_error' });
  }
  return reply.code(status).send({ detail: error.message, code: FASTIFY_CODES[error.code] ?? 'bad_request' });
}

/**
 * Every error leaves as JSON in the original's shapes: `{"detail", "code"}` or `{"field": [...]}`.
 * Anything a client can send ends as a 4xx; a 5xx means a bug or an outage and is logged as such.
 */
export const errorHandler = fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof AppError) {
        return reply
          .code(error.statusCode)
          .headers(error.headers)
          .send({ detail: error.detail, code: error.code });
      }
      if (error instanceof FieldError) {
        return reply.code(error.statusCode).send(error.fields);
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        // The type provider turned zod's issues into Ajv-style ones; turn the paths back.
        const issues = error.validation.map((issue) => ({
          path: (issue.instancePath ?? '').replace(/^\//, '').split('/'),
          message: issue.message,
        }));
        return reply.code(400).send(fieldErrorsOf({ issues }));
      }
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        const code =
          FASTIFY_CODES[error.code] ?? (error instanceof SyntaxError ? 'malformed_json' : 'bad_request');
        const detail = code === 'malformed_json' ? 'Malformed JSON body.' : error.message;
        return reply.code(status).send({ detail, code });
      }
      request.log.error({ err: error }, 'unhandled error');
      return reply.code(500).send({ detail: 'Something went wrong on our side.', code: 'internal_error' });
    });

    app.setNotFoundHandler((request, reply) => {
      reply
        .code(404)
        .send({ detail: `No route for ${request.method} ${request.url.split('?')[0]}.`, code: 'not_found' });
    });
  },
  { name: 'pixeli-error-handler', fastify: '5.x' },
);
