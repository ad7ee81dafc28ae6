// Lint config. The layer rules here (with the per-layer tsconfigs) make the rooms of DESIGN.md
// a build failure rather than a convention.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'worker_threads', 'net', 'stream', 'buffer', 'crypto', 'util', 'events', 'url', 'zlib', 'readline', 'process', 'http', 'https', 'dgram'];

/** Forbid imports from the given module patterns in the given files (tests excepted). */
const layer = (files, banned, message) => ({
  files,
  ignores: ['**/*.test.ts', '**/*.test.tsx'],
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: banned, message: `layer rule: ${message} (see DESIGN.md, rooms)` }] }],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'release/', 'test/output/', '.bench/', '.fuzz/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // bin/package.json makes the command's launcher CommonJS: Node then skips its ES module loader at every start.
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  layer(['core/**'], ['electron', 'cap', 'react', 'react-dom', '**/electron/**', '**/renderer/**', ...NODE_BUILTINS], 'core/ is pure TypeScript'),
  layer(['electron/host/**'], ['electron', 'react', '**/renderer/**', '**/main/**', '**/preload/**'], 'electron/host needs no Electron'),
  layer(['electron/cli/**'], ['electron', 'react', '**/renderer/**', '**/main/**', '**/preload/**'], 'the CLI never imports electron'),
  layer(['electron/preload/**'], ['cap', 'react', '**/host/**', '**/main/**', '**/renderer/**', ...NODE_BUILTINS], 'the preload exposes the contract only'),
  layer(['electron/main/**'], ['react', '**/renderer/**', '**/preload/**'], 'main is glue over host and core'),
  layer(['renderer/**'], ['electron', 'cap', '**/electron/**', ...NODE_BUILTINS], 'the renderer never touches Node or Electron'),
);
