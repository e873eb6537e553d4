import { expect, test } from "@playwright/test";

import { E2E_DEMO_TARGETS } from "./support/e2e-env";

// The Fleet page lists every demo target (the e2e app runs with DEMO_TARGETS=2), drills into
// one, and the weekly digest page of a target and of the fleet renders with its exports.
const expectedTargets: readonly string[] = E2E_DEMO_TARGETS;

test("the Fleet page shows every target's health and figures, and leads to each target", async ({ page }) => {
  await page.goto("/fleet");
  const rows = page.getByTestId("fleet-row");
  await expect(rows).toHaveCount(expectedTargets.length);
  for (const id of expectedTargets) {
    const row = page.locator(`[data-testid="fleet-row"][data-target="${id}"]`);
    await expect(row.getByTestId("fleet-server").first()).toHaveAttribute("data-reachable", "true");
    // The demo has the seed's 43 indexes and more; its unused list is never empty.
    await expect
      .poll(async () =>
        Number(((await row.getByTestId("fleet-index-count").textContent()) ?? "").replace(/[^0-9].*$/s, "")),
      )
      .toBeGreaterThanOrEqual(43);
    await expect(row.getByTestId("fleet-unused")).not.toHaveText("—");
    await expect(row.getByTestId("fleet-findings")).toHaveText(/^\d+$/);
  }
  // Usage per server (the demo has no standby: the primary's column and the sum agree).
  await page
    .locator('[data-testid="fleet-row"][data-target="demo"]')
    .getByTestId("fleet-server-usage-link")
    .click();
  await expect(page).toHaveURL(/\/fleet\/demo$/);
  await expect(page.getByTestId("server-coverage")).toHaveCount(1);
  await expect(page.getByTestId("server-usage-row").first()).toBeVisible();
  // The window in the unit it fills, as the Unused page says it: not "(0 days)", not a raw fraction.
  const usageWindow = page.getByTestId("server-usage-window");
  await expect(usageWindow).toContainText(
    /^Since \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(\d+(\.\d)? (second|minute|hour|day)s?\)\./,
  );
  await expect(usageWindow).not.toContainText(/\((0 days|\d+\.\d{2,})/);
  await page.goto("/fleet");
  const last = expectedTargets[expectedTargets.length - 1] as string;
  await page
    .locator(`[data-testid="fleet-row"][data-target="${last}"]`)
    .getByTestId("fleet-target-link")
    .click();
  await expect(page).toHaveURL(new RegExp(`/targets/${last}$`));
  await expect(page.getByTestId("target-name")).toBeVisible();
  if (expectedTargets.length > 1) {
    // With more than one target, `/` opens the Fleet, and every page leads back to it.
    await page.getByTestId("fleet-link").click();
    await expect(page).toHaveURL(/\/fleet$/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/fleet$/);
  }
});

test("the weekly digest of a target and of the fleet, with Markdown and JSON exports", async ({
  page,
  request,
}) => {
  await page.goto("/targets/demo/digest");
  await expect(page.getByTestId("digest-title")).toContainText(/\d{4}-W\d{2}/);
  const target = page.locator('[data-testid="digest-target"][data-target="demo"]');
  await expect(target.getByTestId("digest-totals")).toContainText("index scans");
  // The header tells how fresh the digest is, as on every page of the target, not "not updated yet".
  await expect(page.getByTestId("last-updated")).toContainText(/^updated /);
  // The demo's simulated history covers the last weeks: the busiest indexes are listed.
  await expect(
    target.getByTestId("digest-most-used-table").getByTestId("digest-index-row").first(),
  ).toBeVisible();
  for (const section of [
    "digest-newly-unused",
    "digest-newly-used",
    "digest-growth",
    "digest-findings",
    "digest-actions",
  ])
    await expect(target.getByTestId(section)).toBeVisible();

  const title = (await page.getByTestId("digest-title").textContent()) ?? "";
  const week = /\d{4}-W\d{2}/.exec(title)?.[0] as string;
  await page.getByTestId("digest-prev").click();
  await expect(page).toHaveURL(/week=\d{4}-W\d{2}/);
  await expect(page.getByTestId("digest-title")).not.toContainText(week);

  const md = await request.get(`/api/v1/digest?target=demo&week=${week}&format=md`);
  expect(md.status()).toBe(200);
  expect(await md.text()).toContain(`# indexwatch weekly digest: Demo: invitations app, ${week}`);
  const json = await request.get(`/api/v1/digest?target=demo&week=${week}`);
  expect((await json.json()).targets[0].targetId).toBe("demo");

  await page.goto("/fleet/digest");
  await expect(page.getByTestId("digest-target")).toHaveCount(expectedTargets.length);
});
