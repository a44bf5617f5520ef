import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { PIXELI_VERSION } from '../version.js';

/** The OpenAPI document, generated from the contract's zod schemas: `/api/docs` and `/api/docs/json`. */
export async function registerDocs(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Pixel-i API',
        version: PIXELI_VERSION,
        description:
          'Private photo sharing for group events. Paths and field names follow the original Pixel-i. ' +
          'Errors are `{"detail", "code"}` or `{"field": ["message"]}`; lists are arrays paged by `limit` and `cursor` with a `Link` header.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // Swagger UI injects a <style> element at run time, which the bundled policy blocks (a real
    // browser reports it: e2e/specs/api-docs.spec.ts). Styles may be inline on this page, whose
    // content is our own OpenAPI document; scripts stay as strict as the bundle made them.
    transformStaticCSP: (header) => header.replace(/style-src [^;]*;/, "style-src 'self' 'unsafe-inline';"),
  });
}
