import { expect, type Page, test } from "@playwright/test";

test.beforeEach(async ({ page }) => {
  page.on("dialog", (dialog) => {
    throw new Error(`unexpected dialog: ${dialog.message()}`);
  });
});

const missingRows = (page: Page) =>
  page.getByTestId("findings-table").locator('tr[data-testid="finding-row"][data-kind="missing_index"]');

test("the Findings page suggests the demo's missing index, with its SQL, not verified without hypopg", async ({
  page,
}) => {
  await page.goto("/targets/demo/findings?kind=missing_index");
  await expect(page.getByTestId("kind-blurb")).toContainText("Missing indexes");
  // The sampler plans the workload's statements a few per interval and the analysis reads the
  // stored plans: recompute (at most every 10 s) until the suggestion is there.
  await expect
    .poll(
      async () => {
        if ((await missingRows(page).count()) > 0) return true;
        const recompute = page.getByTestId("findings-recompute");
        if (await recompute.isEnabled()) await recompute.click();
        return false;
      },
      { timeout: 80_000, intervals: [11_000] },
    )
    .toBe(true);

  const row = missingRows(page).filter({ hasText: "accounts_phoneverification" });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("finding-name")).toHaveText("(phone, created_at)");
  await expect(row.getByTestId("finding-table")).toHaveText("public.accounts_phoneverification");
  // The demo's embedded PostgreSQL has no hypopg: the suggestion says so.
  await expect(row.getByTestId("finding-verified")).toHaveText("not verified");
  await expect(row.getByTestId("finding-evidence")).toContainText("not verified: hypopg is not installed");
  await expect(row.getByTestId("finding-evidence")).toContainText("accounts_phoneverification.phone");
  await expect(row.getByTestId("sql-apply")).toContainText(
    "CREATE INDEX CONCURRENTLY accounts_phoneverification_phone_created_at_idx ON public.accounts_phoneverification (phone, created_at)",
  );
  await expect(row.getByTestId("sql-undo")).toContainText(
    "DROP INDEX CONCURRENTLY public.accounts_phoneverification_phone_created_at_idx",
  );
});

test("an index page asks what would get slower and says it was not verified without hypopg 1.4+", async ({
  page,
}) => {
  // Django's index for the guest list's foreign key: several workload statements plan to use it.
  await page.goto("/targets/demo/indexes/public.invitations_guest.invitations_guest_invitation_id_d238fb50");
  const panel = page.getByTestId("what-if-drop");
  await expect(panel).toContainText("If this index were dropped");
  // The plans arrive a few per sampler interval: ask again (at most every 5 s) until they list it.
  await expect
    .poll(
      async () => {
        await panel.getByRole("button", { name: "What would get slower?" }).click();
        await expect(panel.getByTestId("what-if-reason").or(panel.getByRole("alert"))).toBeVisible();
        return panel.getByTestId("what-if-row").count();
      },
      { timeout: 80_000, intervals: [6_000] },
    )
    .toBeGreaterThan(0);
  await expect(panel.getByTestId("what-if-reason")).toHaveText(
    "not verified: hypopg is not installed in the target database (CREATE EXTENSION hypopg; 1.4+ can hide indexes)",
  );
  const first = panel.getByTestId("what-if-row").first();
  await expect(first).toContainText("invitation_id");
  // Nothing was re-planned: no cost is shown, none made up.
  await expect(first.locator("td").nth(2)).toHaveText("—");
  await expect(first.locator("td").nth(3)).toHaveText("—");
});
