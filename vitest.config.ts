import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    // Fixes "the current year" of formatted times, so texts with the tests' 2026 dates hold in any year.
    setupFiles: ['test/helpers/year-time.ts'],
    // Deadlines against a hang, never a measure of speed: a property test or a PGlite set-up that takes
    // seconds idle takes a minute when two runs share two loaded cores, and must still pass.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // PGlite instances are heavy (WASM); two cores → two workers keep memory and CPU sane.
    maxWorkers: 4,
  },
});
