import { expect, type Page } from "@playwright/test";
import { withDemoDatabase } from "./demo-db";

/** Logs in through the form, then waits for the page `next` led to to show the session. */
export async function logIn(page: Page, username: string, password: string, next: string): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByTestId("login-username").fill(username);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
  // An index page by OID moves on to the page of the index's identity: wait to leave the login.
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByTestId("session-status")).toContainText(username);
}

/**
 * The OID the demo database gives `public.<name>` now, once the app's inventory shows it. Asked
 * of the catalog first: on a kept demo, a spec that drops and creates its index again would
 * otherwise get the former index's OID from the last poll.
 */
export async function demoIndexOid(page: Page, name: string): Promise<number> {
  const oid = await withDemoDatabase(async (db) => {
    const { rows } = await db.query<{ oid: string | null }>(
      "SELECT to_regclass(format('public.%I', $1::text))::oid AS oid",
      [name],
    );
    return Number(rows[0]?.oid ?? 0);
  });
  expect(oid, `no index public.${name} in the demo database`).toBeGreaterThan(0);
  await expect
    .poll(
      async () => {
        const response = await page.request.get("/api/v1/targets/demo/indexes");
        const body = (await response.json()) as { indexes: { oid: number }[] };
        return body.indexes.some((i) => i.oid === oid);
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return oid;
}

/** The total of a paged table's range line: "1–12 of 12" → 12. */
export async function totalShown(page: Page): Promise<number> {
  const text = (await page.getByTestId("page-range").textContent()) ?? "";
  return Number(text.split(" of ")[1]?.replaceAll(",", ""));
}
