/** Where the e2e app keeps its demo; shared by playwright.config.ts and the specs. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3999);
export const E2E_PG_PORT = process.env.E2E_PG_PORT ?? "54339";
export const E2E_DATA_DIR = process.env.E2E_DATA_DIR ?? ".indexwatch/e2e";
/** The e2e demo watches two databases, so the Fleet journey has a fleet to show. */
export const E2E_DEMO_TARGETS = ["demo", "demo-2"] as const;
/** The passwords playwright.config.ts gives the app (it always starts its own, never reuses one). */
export const E2E_OPERATOR_PASSWORD = "e2e-operator-password";
export const E2E_VIEWER_PASSWORD = "e2e-viewer-password";
