import { chromium } from "playwright";

// The README screenshots, retaken on the demo (`npm start` first):
//   node scripts/readme-screenshots.mjs http://localhost:3000 docs/screenshots
const [base = "http://localhost:3000", out = "docs/screenshots"] = process.argv.slice(2);
const shots = [
  { name: "overview", path: "/targets/demo", height: 900, ready: '[data-testid="chart-top-scans"]' },
  { name: "weekly", path: "/targets/demo/weekly", height: 1100, ready: '[data-testid="wow-row"]' },
  { name: "unused", path: "/targets/demo/unused", height: 1100, ready: 'tr[data-testid="finding-row"]' },
  { name: "queries", path: "/targets/demo/queries", height: 900, ready: '[data-testid="statement-row"]' },
  {
    name: "index-page",
    path: "/targets/demo/indexes/public.invitations_order.order_user_status_idx",
    height: 1500,
    ready: '[data-testid="index-statement-row"]',
  },
];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
for (const shot of shots) {
  const page = await browser.newPage({ viewport: { width: 1280, height: shot.height } });
  await page.goto(base + shot.path);
  await page.locator(shot.ready).first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(2500); // charts settle (no animation, but fonts and layout)
  await page.screenshot({ path: `${out}/${shot.name}.png` });
  await page.close();
}
await browser.close();
