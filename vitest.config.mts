import path from "node:path";
import { defineConfig } from "vitest/config";

const integration = (major: 14 | 18) => ({
  extends: true as const,
  test: {
    name: `integration-pg${major}`,
    include: ["**/*.integration.test.ts"],
    exclude: [
      "node_modules/**",
      // hypopg runs on Debian's PostgreSQL 15 only: the integration-hypopg-pg15 project below.
      "**/*.hypopg.integration.test.ts",
      ".next/**",
      ".indexwatch/**",
      // The launcher's embedded PostgreSQL is 18 in both projects; one run builds the app once.
      ...(major === 14 ? ["test/integration/launcher.integration.test.ts"] : []),
    ],
    globalSetup: ["test/support/global-postgres.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    environment: "node",
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "node_modules/**", ".next/**", ".indexwatch/**", "e2e/**"],
        },
      },
      integration(18),
      integration(14),
      {
        extends: true,
        test: {
          // Debian's PostgreSQL 15 with postgresql-15-hypopg (installed by .ci/run).
          name: "integration-hypopg-pg15",
          include: ["**/*.hypopg.integration.test.ts"],
          exclude: ["node_modules/**", ".next/**", ".indexwatch/**"],
          globalSetup: ["test/support/global-postgres.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
