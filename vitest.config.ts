import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Two workers for two cores: integration files each start their own DynamoDB Local (a JVM) and servers.
    fileParallelism: true,
    maxWorkers: 2,
    // Generous: on a loaded 2-core machine a JVM start or a child process can take tens of seconds; speed targets
    // live in the benchmarks, never in test timeouts.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
  },
});
