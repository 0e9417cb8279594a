import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const webConfig = 'apps/web/vite.config.ts';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'packages/*/test/**/*.test.ts',
            'apps/server/src/**/*.test.ts',
            'apps/server/test/**/*.test.ts',
          ],
          exclude: ['**/*.integration.test.ts', '**/node_modules/**'],
          // A guard against hangs, not a speed check: property runs and 16 MB streams take
          // seconds on a busy 2-core machine.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['apps/server/**/*.integration.test.ts'],
          globalSetup: ['apps/server/test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One API server is shared; files run one at a time so restarts do not interfere.
          fileParallelism: false,
        },
      },
      ...(existsSync(webConfig)
        ? [
            {
              extends: webConfig,
              test: {
                name: 'web',
                root: 'apps/web',
                include: ['src/**/*.test.{ts,tsx}'],
                environment: 'jsdom',
                testTimeout: 30_000,
              },
            },
          ]
        : []),
    ],
  },
});
