// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** What the pure packages (the core, the manifest readers) may not import. */
const PURE_PACKAGE_IMPORTS = [
  {
    group: ['node:*', 'fs', 'path', 'http', 'https', 'net', 'child_process', 'os'],
    message: 'The core and the manifest readers do no I/O.',
  },
  {
    group: [
      'react',
      'react-*',
      '@xyflow/*',
      'fastify',
      'fastify-*',
      '@fastify/*',
      '@kubernetes/*',
      'elkjs',
      'elkjs/*',
      '@tanstack/*',
    ],
    message: 'The core and the manifest readers import no framework.',
  },
  {
    group: ['gatemap', '**/apps/**'],
    message: 'The core and the manifest readers must not import the server or the UI.',
  },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'coverage/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  {
    // The core and the manifest readers do no I/O and know nothing of the server, the UI or Node.
    files: ['packages/topology/src/**/*.ts', 'packages/manifests/src/**/*.ts'],
    ignores: ['packages/*/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: PURE_PACKAGE_IMPORTS }],
      'no-restricted-globals': [
        'error',
        'process',
        'fetch',
        'window',
        'document',
        'setTimeout',
        'setInterval',
      ],
    },
  },
  {
    // The manifest readers depend on the core, never the other way.
    files: ['packages/topology/src/**/*.ts'],
    ignores: ['packages/topology/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...PURE_PACKAGE_IMPORTS,
            {
              group: ['@gatemap/manifests', '**/manifests/**'],
              message: 'The core reads no manifest text: @gatemap/manifests depends on the core.',
            },
          ],
        },
      ],
    },
  },
);
