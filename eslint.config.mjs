import tseslint from 'typescript-eslint';

/** What the webview and the code it shares with the host may not import: Node's modules and vscode. */
const NOT_IN_THE_WEBVIEW = {
  paths: [{ name: 'vscode', message: 'The webview has no vscode: talk to the host through the grid protocol.' }],
  patterns: [{ regex: '^(node:|(fs|path|os|crypto|child_process|events|stream|http|https|net|url|util|zlib)$)', message: 'The webview has no Node modules.' }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'src/client/gen/**', 'node_modules/**', '.vscode-test/**', 'test-artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Type-aware rules for the TypeScript of the tsconfig projects (tsconfig.json references them all).
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    // The product logs through the Logger (scrubbed of secrets) or shows messages; it never writes to the console.
    files: ['src/**/*.ts', 'media/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['src/client/**/*.ts', 'src/grid/**/*.ts', 'src/localServer/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The client, the grid engine and the local server installer stay free of vscode.' }] }],
    },
  },
  {
    files: ['media/**/*.ts', 'src/grid/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', NOT_IN_THE_WEBVIEW] },
  },
);
