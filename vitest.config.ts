import { defineConfig } from 'vitest/config';

// Three projects: fast unit tests (domain, Dexie on fake-indexeddb), integration tests against
// a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set), and end-to-end tests
// on the built PWA in real Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 300_000,
          // Polls wait on sync across phones and a server on a busy 2-core CI machine: vitest's
          // 1 s default made a passing flow fail there (a badge write reached the server in 1.3 s).
          expect: { poll: { timeout: 15_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
