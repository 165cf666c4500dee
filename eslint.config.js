// ESLint: rules that catch real defects, not layout (Prettier owns that, see .prettierrc.json).
//
// No type-aware rules (no-floating-promises and friends): a type-aware run of the whole tree took
// 114 s wall and 136 s CPU on the 2-core machine, and as long with only the promise rules, which is
// over the 90 s budget for a step of `npm test`. `tsc` and `svelte-check` (npm run typecheck)
// cover types; this config covers what they do not.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

export default tseslint.config(
  { ignores: ['dist/', 'data/', 'e2e/screenshots/'] },

  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,

  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `x == null` (null or undefined) is the one loose comparison that is no defect.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // The project's rule is "no `any` at module boundaries": an explicit `any` is an error, and a
      // justified one says why in a disable comment beside it.
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
    },
  },

  // Svelte components and rune modules: the Svelte parser, TypeScript inside <script lang="ts">.
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, svelteConfig } },
  },

  // Command-line tools and benchmarks talk to their user on the console.
  {
    files: ['scripts/**', 'bench/**', 'config/schema/generate.ts'],
    rules: { 'no-console': 'off' },
  },
);
