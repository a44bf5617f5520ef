import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { mediaRoutes } from '../features/media/routes.js';
import { createDiskStorage } from '../platform/storage/disk.js';

/** The disk driver with its `/media/*` route on a real port, so `fetch` can follow its signed URLs. */
export async function serveDiskMedia(root: string) {
  const secret = randomBytes(32).toString('hex');
  const app = Fastify();
  // The route's copy of the driver only checks and reads; its base URL is never used.
  await app.register(mediaRoutes, {
    storage: createDiskStorage({ root, publicBaseUrl: 'http://unused', secret }),
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  // The driver under test signs URLs for the address the route now listens on (same root, same secret).
  return { storage: createDiskStorage({ root, publicBaseUrl: address, secret }), close: () => app.close() };
}
