import { defineConfig } from 'vitest/config';

// Unit tests sit beside their code; corpus, fixture, e2e and fuzz tests live under test/.
export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
