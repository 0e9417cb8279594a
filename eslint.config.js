// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    // The core does no I/O and knows nothing of the server, the UI or Node.
    files: ['packages/topology/src/**/*.ts'],
    ignores: ['packages/topology/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'http', 'https', 'net', 'child_process', 'os'],
              message: 'The core does no I/O.',
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
              message: 'The core imports no framework.',
            },
            { group: ['gatemap', '**/apps/**'], message: 'The core must not import the server or the UI.' },
          ],
        },
      ],
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
);
