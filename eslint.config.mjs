// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** The core engine, the fake Messages API, the demo and the webview never import `vscode`: the first three are pure Node, the webview a browser page. */
const noVscode = {
  'no-restricted-imports': [
    'error',
    {
      paths: [{ name: 'vscode', message: 'src/core, src/fakeApi, src/demo and webview/ must not import vscode; pass host services in through a small interface.' }],
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/fixtures/**', 'samples/**', '.vscode-test/**', 'bench/results.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  { files: ['src/core/**/*.ts', 'src/fakeApi/**/*.ts', 'src/demo/**/*.ts'], rules: noVscode },
  { files: ['webview/**/*.ts', 'webview/**/*.tsx'], languageOptions: { globals: { ...globals.browser } }, rules: noVscode },
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: { ...globals.node } }, rules: { 'no-restricted-syntax': 'off' } },
);
