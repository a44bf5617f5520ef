/**
 * Registers the service worker that keeps the app shell for offline starts (built by
 * vite-plugin-pwa; it never caches API answers or photos). Only in a production build: in
 * development a cached shell would hide changes.
 */
export function registerServiceWorker() {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // An app without its offline shell still works; nothing to tell the person.
    });
  });
}
