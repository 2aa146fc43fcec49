import { defineConfig } from 'vitest/config';

// EBONITE_TEST_REPORT=<file> adds a JSON report (CI counts results from it).
const report = process.env.EBONITE_TEST_REPORT;

export default defineConfig({
  test: {
    projects: ['packages/*', 'examples/*'],
    reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
    passWithNoTests: false,
  },
});
