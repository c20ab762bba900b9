// Flat ESLint config: @eslint/js recommended everywhere, typescript-eslint's
// type-checked rules for the TypeScript (sources, tests, fixtures, test
// support), and eslint-config-prettier last so formatting is Prettier's alone.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import prettier from 'eslint-config-prettier'

// The Node globals our plain .js/.mjs files use (config files and scripts).
const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'AbortController',
    'AbortSignal',
    'fetch'
  ].map((name) => [name, 'readonly'])
)

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', 'build/', '.tmp/', 'coverage/']
  },
  js.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: nodeGlobals }
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // tsconfig.test.json covers src/ and everything around it (tests,
        // fixtures, test support, scripts); tsconfig.json covers src/ only.
        project: ['./tsconfig.test.json'],
        tsconfigRootDir: import.meta.dirname
      }
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true }
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      // String(value) on JSON read off the wire is deliberate here (messages
      // quoting whatever the user or the API sent).
      '@typescript-eslint/no-base-to-string': 'off',
      // async callbacks that satisfy a Promise-returning contract need no await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }
      ],
      // `'deleted' | string` and `unknown | Promise<unknown>` document intent.
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
      eqeqeq: ['error', 'smart']
    }
  },
  {
    // What dist/index.js loads before the first AWS request (docs/start-up.md).
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: lazyOrBanned(false) }]
    }
  },
  {
    // Previews are a chunk of their own (src/main.ts imports them with import()).
    files: ['src/preview/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: lazyOrBanned(true) }]
    }
  },
  {
    // Tests poke at parsed JSON responses and hand jest mocks around; the
    // any-tracking rules only add noise there.
    files: ['__tests__/**/*.ts', '__fixtures__/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off'
    }
  },
  prettier
)

/** Imports that would put heavy code back on every run's start. */
function lazyOrBanned(inPreviewChunk) {
  const lazy = (name, where) => ({
    name,
    allowTypeImports: true,
    message: `a chunk of dist/ of its own: import types only, and the code with await import() ${where}.`
  })
  return [
    {
      name: '@actions/core',
      message:
        'use src/util/runner.ts: @actions/core loads undici (~1 MB) on import, ~30 ms of every start.'
    },
    lazy('@actions/github', 'where it is used (src/report/github.ts)'),
    lazy('@aws-sdk/client-cloudwatch-logs', 'where a command is sent (src/deploy/diagnostics.ts)'),
    ...(inPreviewChunk
      ? []
      : [
          lazy('@aws-sdk/client-elastic-load-balancing-v2', '(only src/preview/ may import it)'),
          lazy('yaml', 'where YAML is parsed (src/taskdef/load.ts)')
        ])
  ]
}
