import { defineConfig } from "@playwright/test";
import {
  E2E_DATA_DIR,
  E2E_DEMO_TARGETS,
  E2E_OPERATOR_PASSWORD,
  E2E_PG_PORT,
  E2E_PORT,
  E2E_VIEWER_PASSWORD,
} from "./e2e/support/e2e-env";

const PORT = E2E_PORT;

/**
 * End-to-end tests in Debian's Chromium (never a downloaded browser) against the real app
 * started as a user starts it (`npm start`) on the embedded demo database.
 */
export default defineConfig({
  testDir: "e2e",
  timeout: 90_000,
  expect: { timeout: 20_000 },
  // One app, one demo database, two cores: specs run one after another.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium", viewport: { width: 1280, height: 900 } } }],
  webServer: {
    command: "npm start",
    url: `http://localhost:${PORT}/api/v1/targets`,
    timeout: 420_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      // The demo, whatever the developer's shell says.
      DATABASE_URL: "",
      STORE_URL: "",
      INDEXWATCH_DATA_DIR: E2E_DATA_DIR,
      INDEXWATCH_PG_PORT: E2E_PG_PORT,
      OPERATOR_PASSWORD: E2E_OPERATOR_PASSWORD,
      VIEWER_PASSWORD: E2E_VIEWER_PASSWORD,
      SESSION_SECRET: "e2e-session-secret-that-is-long-enough-0123456789",
      SAMPLE_INTERVAL: "5",
      DEMO_TARGETS: String(E2E_DEMO_TARGETS.length),
    },
  },
});
