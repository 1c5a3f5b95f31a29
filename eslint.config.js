// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/** Import walls from shared/DESIGN.md: each folder may import only what its layer allows. */
const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'net',
  'tls',
  'http',
  'https',
  'crypto',
  'events',
  'stream',
  'url',
  'util',
  'worker_threads',
  'dns',
];
const wall = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'release/**',
      '.tmp/**',
      'test-results/**',
      'playwright-report/**',
      'scripts/**',
      'eslint.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Named exports only.' },
        {
          selector: "MemberExpression[object.name='ipcMain']",
          message: 'ipcMain only in electron/main/ipc.',
        },
        {
          selector: "MemberExpression[object.name='ipcRenderer']",
          message: 'ipcRenderer only in electron/preload.',
        },
        {
          selector:
            'ImportSpecifier[imported.name=/^ipc(Main|Renderer)$/], MemberExpression[property.name=/^ipc(Main|Renderer)$/]',
          message: 'ipcMain/ipcRenderer only in electron/main/ipc and electron/preload.',
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      ...wall(
        [
          ...nodeBuiltins,
          'electron',
          'electron/*',
          '../engine/*',
          '../main/*',
          '../shared/*',
          '../../renderer/*',
          '*/engine/*',
          '*/main/*',
          '*/shared/*',
          'libsql',
          'imapflow',
          'keytar',
          'node-cron',
          'ws',
          'zod',
          '@slack/*',
          '@azure/*',
          '@microsoft/*',
        ],
        'electron/core is pure: it imports nothing outside core.',
      ),
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'core has no process.' },
        { name: 'setTimeout', message: 'core owns no timers.' },
        { name: 'setInterval', message: 'core owns no timers.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Time is an input: pass nowMs.' },
      ],
    },
  },
  {
    files: ['electron/engine/**/*.ts', 'electron/host/**/*.ts'],
    rules: wall(
      ['electron', 'electron/*', '*/main/*', '*/preload/*', '*/renderer/*', '**/renderer/**'],
      'engine and host never import electron, main, preload or renderer.',
    ),
  },
  {
    files: ['electron/shared/**/*.ts'],
    rules: wall(
      [...nodeBuiltins, 'electron', '*/engine/*', '*/main/*', '**/engine/**', '**/main/**'],
      'shared is the contract: zod and core types only.',
    ),
  },
  {
    // '/electron' (anchored): a bare 'electron' pattern would also match the electron/ folder of ../electron/shared.
    files: ['renderer/src/**/*.ts', 'renderer/src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...wall(
        [...nodeBuiltins, '/electron', '**/engine/**', '**/main/**', '**/preload/**', '**/core/**'],
        'renderer reaches the engine only through electron/shared/contract.',
      ),
    },
  },
  {
    files: ['electron/main/ipc/**/*.ts', 'electron/preload/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Named exports only.' },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', 'tests/**/*.tsx', 'bench/**/*.ts', '*.config.ts', 'renderer/vite.config.ts'],
    rules: {
      'no-console': 'off',
      'no-restricted-syntax': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
