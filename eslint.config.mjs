import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const ELECTRON = { paths: [{ name: 'electron', message: 'Only src-main/desktop may import electron.' }] };
const HOSTS = {
  patterns: [{ group: ['**/desktop/*', '**/server/*'], message: 'The core never imports a host.' }],
};
const COMMANDS = {
  patterns: [
    { group: ['**/commands', '**/commands/*'], message: 'Only the hosts and dvr.ts use commands/.' },
  ],
};
const NODE = {
  patterns: [{ group: ['node:*'], message: 'src-shared and the renderer are pure TypeScript.' }],
};
const MAIN = {
  patterns: [{ group: ['**/src-main/*'], message: 'Talk to the core through the contract only.' }],
};
/** One no-restricted-imports option from several lists (a later config block would replace, not merge). */
function restricted(...parts) {
  return {
    paths: parts.flatMap((p) => p.paths ?? []),
    patterns: parts.flatMap((p) => p.patterns ?? []),
  };
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      '.electron-native/**',
      'bench/parsers/peers/**',
      'test-results/**',
      'playwright-report/**',
      '.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  // Imports run one way: desktop/, server/ -> core/commands -> engine -> stores -> db; src-renderer/ and
  // core/ -> src-shared/. The core never knows which host it runs in, and src-shared is pure TypeScript.
  {
    files: ['src-main/core/**/*.ts'],
    ignores: ['src-main/core/commands/**', 'src-main/core/dvr.ts'],
    rules: { 'no-restricted-imports': ['error', restricted(ELECTRON, HOSTS, COMMANDS)] },
  },
  {
    files: ['src-main/core/commands/**/*.ts', 'src-main/core/dvr.ts'],
    rules: { 'no-restricted-imports': ['error', restricted(ELECTRON, HOSTS)] },
  },
  {
    files: ['src-shared/**/*.ts', 'src-renderer/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', restricted(ELECTRON, NODE, MAIN)] },
  },
  {
    files: ['**/*.{js,mjs,cjs}', 'bin/tapedeck'],
    languageOptions: {
      // Node's globals, listed here rather than adding the `globals` package for one block.
      globals: Object.fromEntries(
        [
          'process',
          'console',
          'require',
          '__dirname',
          '__filename',
          'module',
          'Buffer',
          'URL',
          'URLSearchParams',
          'fetch',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'setImmediate',
          'queueMicrotask',
          'TextDecoder',
          'TextEncoder',
          'AbortController',
          'performance',
          'structuredClone',
        ].map((name) => [name, name === 'module' ? 'writable' : 'readonly']),
      ),
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
