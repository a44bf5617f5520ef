import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The data layer's tests (plain TypeScript modules) and the few component tests, in jsdom.
export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
