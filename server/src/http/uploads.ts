import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';

/** Multipart uploads, streamed part by part; every limit is a named config value. */
export async function registerUploads(app: FastifyInstance, config: Config) {
  await app.register(multipart, {
    limits: {
      files: config.UPLOAD_MAX_FILES,
      fileSize: config.UPLOAD_MAX_FILE_BYTES,
      fields: 20,
      fieldSize: 1024 * 1024,
      parts: config.UPLOAD_MAX_FILES + 20,
      headerPairs: 200,
    },
    // An oversized file fails its own entry (413 in its result), not the whole request.
    throwFileSizeLimit: false,
  });
}
