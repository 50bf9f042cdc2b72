// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'data/**',
      'migrations/**',
      '*.js',
      '*.mjs',
      'scripts/**/*.js',
      'test/**/*.js',
      // Browser scripts of the web UI: plain ES5 served as files, outside the TypeScript project.
      'src/web/static/**/*.js',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    // The analysis core is pure numbers: no framework, no ORM, no validation library, no I/O.
    files: ['src/analysis/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*'], message: 'src/analysis must stay free of framework imports.' },
            {
              group: ['typeorm', 'typeorm/*'],
              message: 'src/analysis must not touch the database.',
            },
            {
              group: ['class-validator', 'class-transformer'],
              message: 'src/analysis validates its own input.',
            },
            {
              group: [
                'fs',
                'node:fs',
                'fs/*',
                'node:fs/*',
                'path',
                'node:path',
                'http',
                'node:http',
                'net',
                'node:net',
                'child_process',
                'node:child_process',
              ],
              message: 'src/analysis does no I/O.',
            },
            {
              group: [
                '../*/**/*.module',
                '../../**/*.service',
                '../../**/*.entity',
                '../../**/*.controller',
              ],
              message: 'src/analysis depends on nothing outside itself.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
