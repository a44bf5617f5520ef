import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/** Paths the server answers itself; the app and its service worker never take them over. */
const SERVER_PATHS = ['/api', '/media', '/s/', '/ws'];

// `npm run dev` serves the app with hot reload and hands the server's paths to a running
// `pixeli serve` (PIXELI_API, default http://127.0.0.1:8000), so the app sees one origin as in production.
const api = process.env.PIXELI_API ?? 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
      manifest: {
        name: 'Pixel-i',
        short_name: 'Pixel-i',
        description: "Your event's private photo gallery",
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f6f9fc',
        theme_color: '#1f5f99',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The app shell only: photos are private and signed, so they are never put in a cache
        // the service worker keeps; the browser's HTTP cache handles them within their window.
        globPatterns: ['**/*.{js,css,html,svg,png,woff2,webmanifest}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: SERVER_PATHS.map((p) => new RegExp(`^${p}`)),
        runtimeCaching: [],
      },
    }),
  ],
  server: {
    port: 5173,
    proxy: Object.fromEntries(
      SERVER_PATHS.map((p) => [
        p,
        {
          target: api,
          ws: p === '/ws' || p === '/api',
          // The cookie routes accept only the server's own Origin; through the proxy the app is that origin.
          configure: (proxy: {
            on(event: 'proxyReq', fn: (req: { setHeader(k: string, v: string): void }) => void): void;
          }) => proxy.on('proxyReq', (req) => req.setHeader('origin', new URL(api).origin)),
        },
      ]),
    ),
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    assetsInlineLimit: 0,
  },
});
