import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'build/**', '.scratch*/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@actions/*/lib/*'], message: 'Deep imports into @actions/* break under ESM.' },
          ],
        },
      ],
    },
  },
  {
    // @actions/core is the runner's protocol: the action host speaks it, nothing else (the CLI stays free of it).
    files: ['src/**/*.ts'],
    ignores: ['src/host/action-host.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@actions/core',
              message:
                'Only src/host/action-host.ts speaks @actions/core; everything else talks to the Host.',
            },
          ],
          patterns: [
            { group: ['@actions/*/lib/*'], message: 'Deep imports into @actions/* break under ESM.' },
          ],
        },
      ],
    },
  },
);
