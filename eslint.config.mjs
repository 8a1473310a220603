// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// ---------------------------------------------------------------------------------------------
// Layer boundaries. Each folder of src/ (and webview/) may import only the layers below it:
//
//   core      plans, scheduling, agents, tools, staging, model calls; pure Node, used by all
//   protocol  host <-> webview messages and their zod schemas; zod and core only
//   fakeApi   the local fake Messages API (tests, demo, bench); core only
//   demo      the demo scenario on the fake; core and fakeApi
//   cli       the headless entry; core only
//   host      the VS Code side (and src/extension.ts); everything but cli and webview;
//             host/flow is the flow's logic without vscode (the window comes in through ports)
//   webview   the React sidebar (a browser page); core, protocol types and protocol/version,
//             no Node built-ins (so no zod validator of the protocol ships in its bundle)
//
// The checks match import specifiers, so a layer is named by the first folder after the `./` or
// `../` run (optionally under `src/`): `../host/x`, `../../src/host/x`, `../cli`. They hold
// wherever a file sits inside its layer, so regrouping src/core into subfolders keeps them valid.
// ---------------------------------------------------------------------------------------------

/** A relative import that reaches into one of the named top-level layers. */
function intoLayer(names, message, extra = {}) {
  return { regex: `^(?:\\.\\.?/)+(?:src/)?(?:${names.join('|')})(?:/|$)`, caseSensitive: true, message, ...extra };
}

const NO_VSCODE = {
  name: 'vscode',
  message: 'Only src/host (and src/extension.ts) import vscode; pass host services in through a small interface.',
};

/** One `no-restricted-imports` setting per layer: flat config replaces (not merges) a rule's options per file. */
function boundary(paths, patterns) {
  return { 'no-restricted-imports': ['error', { paths, patterns }] };
}

const NODE_BUILTINS = builtinModules
  .filter((m) => !m.startsWith('_'))
  .map((name) => ({
    name,
    message: 'The webview is a browser page: no Node built-ins.',
  }));

const LAYERS = [
  {
    files: ['src/core/**/*.ts'],
    rules: boundary(
      [NO_VSCODE],
      [
        intoLayer(
          ['host', 'cli', 'webview', 'protocol', 'demo', 'fakeApi'],
          'src/core is the bottom layer: it imports no host, cli, webview, protocol, demo or fakeApi module.',
        ),
      ],
    ),
  },
  {
    files: ['src/protocol/**/*.ts'],
    rules: boundary(
      [],
      [
        {
          regex: '^(?!\\.|zod$)',
          caseSensitive: true,
          message: 'src/protocol imports only zod, core and itself: no Node built-ins, vscode or other packages.',
        },
        intoLayer(['host', 'cli', 'webview', 'demo', 'fakeApi'], 'src/protocol imports only zod, core and itself.'),
      ],
    ),
  },
  {
    files: ['src/cli.ts', 'src/cli/**/*.ts'],
    rules: boundary(
      [NO_VSCODE],
      [intoLayer(['host', 'webview', 'protocol'], 'The CLI runs without VS Code: it imports core, not host, webview or protocol modules.')],
    ),
  },
  {
    files: ['src/fakeApi/**/*.ts'],
    rules: boundary(
      [NO_VSCODE],
      [intoLayer(['host', 'cli', 'webview', 'protocol', 'demo'], 'src/fakeApi imports only core (the model table); the demo builds on it, not the reverse.')],
    ),
  },
  {
    files: ['src/demo/**/*.ts'],
    rules: boundary([NO_VSCODE], [intoLayer(['host', 'cli', 'webview', 'protocol'], 'src/demo imports only core and fakeApi; the host starts it.')]),
  },
  {
    files: ['src/host/**/*.ts', 'src/extension.ts'],
    rules: boundary(
      [],
      [intoLayer(['cli', 'webview'], 'src/host imports no CLI or webview module: it reaches the webview through src/protocol messages only.')],
    ),
  },
  {
    // The Distribute Feature flow is host logic without VS Code: the window comes in through its ports.
    files: ['src/host/flow/**/*.ts'],
    rules: boundary(
      [{ ...NO_VSCODE, message: 'src/host/flow takes the window through FlowPorts (src/host/flow/ports.ts); only the adapters import vscode.' }],
      [intoLayer(['cli', 'webview'], 'src/host imports no CLI or webview module: it reaches the webview through src/protocol messages only.')],
    ),
  },
  {
    files: ['webview/**/*.ts', 'webview/**/*.tsx'],
    rules: boundary(
      [{ ...NO_VSCODE, message: 'The webview talks to the host through acquireVsCodeApi (webview/vscodeApi.ts), never the vscode module.' }, ...NODE_BUILTINS],
      [
        { regex: '^node:', caseSensitive: true, message: 'The webview is a browser page: no Node built-ins.' },
        intoLayer(['host', 'cli', 'demo', 'fakeApi'], 'The webview imports only core (pure functions and types) and protocol.'),
        {
          regex: '^(?:\\.\\.?/)+(?:src/)?protocol/(?!version$)',
          caseSensitive: true,
          allowTypeImports: true,
          message: 'The webview imports protocol messages with `import type` (only src/protocol/version as a value), so no zod validator ships in its bundle.',
        },
      ],
    ),
  },
];

// ---------------------------------------------------------------------------------------------
// Type-aware rules for the shipped code (src/, webview/): typescript-eslint's type-checked
// recommended set plus promise and exhaustiveness checks. Left out on purpose:
// no-unnecessary-condition (without noUncheckedIndexedAccess it calls `match[1] ?? ''` needless),
// strict-boolean-expressions, no-confusing-void-expression and promise-function-async (style
// rules with 40 to 120 hits each), restrict-template-expressions' strict options (numbers in
// messages are fine).
// ---------------------------------------------------------------------------------------------

const TYPED_FILES = ['src/**/*.ts', 'webview/**/*.ts', 'webview/**/*.tsx'];

const TYPED_RULES = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': 'error',
  '@typescript-eslint/await-thenable': 'error',
  '@typescript-eslint/no-unnecessary-type-assertion': 'error',
  '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
  '@typescript-eslint/return-await': ['error', 'in-try-catch'],
  '@typescript-eslint/no-deprecated': 'error',
  '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
  '@typescript-eslint/only-throw-error': ['error', { allowThrowingUnknown: true }],
  '@typescript-eslint/use-unknown-in-catch-callback-variable': 'error',
  '@typescript-eslint/no-unnecessary-type-arguments': 'error',
  '@typescript-eslint/no-meaningless-void-operator': 'error',
  '@typescript-eslint/no-unnecessary-template-expression': 'error',
  '@typescript-eslint/no-unnecessary-boolean-literal-compare': 'error',
  '@typescript-eslint/no-mixed-enums': 'error',
  '@typescript-eslint/prefer-optional-chain': 'error',
  '@typescript-eslint/consistent-type-exports': ['error', { fixMixedExportsWithInlineTypeSpecifier: true }],
};

export default defineConfig(
  globalIgnores(['dist/**', 'out/**', 'node_modules/**', 'test/fixtures/**', 'samples/**', '.vscode-test/**', 'test-results/**', 'bench/results.json']),
  js.configs.recommended,
  tseslint.configs.recommended,
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
  {
    files: TYPED_FILES,
    extends: [tseslint.configs.recommendedTypeCheckedOnly],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: TYPED_RULES,
  },
  {
    // Tests, bench and scripts get the promise checks only: an un-awaited `assert.rejects` passes whatever happens.
    files: ['test/**/*.ts', 'test/**/*.tsx', 'bench/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['test/fixtures/**'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  ...LAYERS,
  {
    files: ['webview/**/*.ts', 'webview/**/*.tsx'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: { ...globals.browser } },
    // Every hooks finding fails lint (the preset makes some warnings, which would pile up unseen).
    rules: { 'react-hooks/exhaustive-deps': 'error', 'react-hooks/incompatible-library': 'error', 'react-hooks/unsupported-syntax': 'error' },
  },
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: { ...globals.node } }, rules: { 'no-restricted-syntax': 'off' } },
);
