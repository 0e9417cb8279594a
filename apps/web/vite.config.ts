import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** The map is served by `gatemap serve` from dist/ at `/`; in dev, vite proxies the API to it. */
export default defineConfig({
  plugins: [react()],
  // The ELK worker bundles elkjs (~1.5 MB); it loads only when a small view is laid out.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1600 },
  worker: { format: 'es' },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:7420', changeOrigin: false },
    },
  },
  test: {
    setupFiles: ['./src/test/setup-dom.ts'],
  },
});
