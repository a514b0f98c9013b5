// ESLint (typescript-eslint) for the TypeScript sources, tests and benchmarks.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.conformance/**',
      'coverage/**',
      'samples/**',
      'sdk/**/*.js',
      'bin/mpsim',
      'tests/fixtures/**',
      'tests/conformance/cos-wx-sdk-v5/*.js',
      'bench/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // DESIGN: runtime/ reaches the host only through the Device; sdk/ only through `wx`.
    files: ['runtime/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['fs', 'net', 'http', 'https', 'tls', 'undici', 'busboy'],
          patterns: [{ group: ['node:*'], message: 'runtime/ reaches the host only through the Device (DESIGN.md).' }],
        },
      ],
    },
  },
  {
    files: ['sdk/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['fs', 'net', 'http', 'https', 'tls', 'undici', 'busboy'],
          patterns: [{ group: ['node:*', '../*'], message: 'sdk/ may use nothing but the wx global (DESIGN.md).' }],
        },
      ],
    },
  },
  {
    // Plain CommonJS scripts that run in Node (bin launcher, bench children).
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: Object.fromEntries(
        [
          'require',
          'module',
          'exports',
          'process',
          '__dirname',
          '__filename',
          'console',
          'global',
          'globalThis',
          'Buffer',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'setImmediate',
          'document',
        ].map((g) => [g, 'readonly']),
      ),
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Public typings: page data and event payloads are the user's own shapes, `any` on purpose;
    // the globals are `var`s (properties of globalThis) and pull in the wx declaration files
    // by reference (typings/wx.d.ts, globals.d.ts).
    files: ['typings/**/*.d.ts', 'globals.d.ts'],
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/triple-slash-reference': 'off', 'no-var': 'off' },
  },
  {
    // Tests talk to `wx` the way mini-program code does: untyped.
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
