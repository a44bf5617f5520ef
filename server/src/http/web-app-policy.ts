/**
 * The Content-Security-Policy of everything the web app is served with. Its script and styles
 * come from its own files (Vite writes no inline script or style, and React's `style` props go
 * through the CSSOM, which CSP does not govern), so nothing inline is allowed. Images may also
 * come from wherever the storage's signed URLs point (the bucket on S3, PUBLIC_URL on disk), and
 * `data:`/`blob:` (placeholders, previews of files being uploaded). The service worker's own
 * fetches obey its script's policy, which is this one, so the media origin is in connect-src too.
 * In CSP3 `'self'` covers the same-origin WebSocket (ws: for http:, wss: for https:).
 */
export function webAppPolicy(mediaOrigin: string | null): string {
  const media = mediaOrigin ? ` ${mediaOrigin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob:${media}`,
    `connect-src 'self'${media}`,
    // Vite inlines assets under 4 kB as data: URLs, which can catch a small font subset.
    "font-src 'self' data:",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}
