import { expect, type Page } from "@playwright/test";

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

/** The OID of a demo index, once the app's inventory shows it. */
export async function demoIndexOid(page: Page, name: string): Promise<number> {
  let oid = 0;
  await expect
    .poll(
      async () => {
        const response = await page.request.get("/api/v1/targets/demo/indexes");
        const body = (await response.json()) as { indexes: { oid: number; name: string }[] };
        oid = body.indexes.find((i) => i.name === name)?.oid ?? 0;
        return oid;
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0);
  return oid;
}

/** The total of a paged table's range line: "1–12 of 12" → 12. */
export async function totalShown(page: Page): Promise<number> {
  const text = (await page.getByTestId("page-range").textContent()) ?? "";
  return Number(text.split(" of ")[1]?.replaceAll(",", ""));
}
