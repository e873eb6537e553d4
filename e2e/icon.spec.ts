import { expect, test } from "@playwright/test";

/** The first bytes of each kind of icon file the page points at. */
const MAGIC: Record<string, (body: Buffer) => boolean> = {
  ico: (body) => body.subarray(0, 4).equals(Buffer.from([0, 0, 1, 0])),
  png: (body) => body.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  svg: (body) => body.toString("utf8").trimStart().startsWith("<svg"),
};

test("the browser tab and bookmarks get indexwatch's icon", async ({ page, request }) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  const links = await page
    .locator('head link[rel="icon"], head link[rel="apple-touch-icon"]')
    .evaluateAll((elements) =>
      elements.map((element) => ({
        rel: element.getAttribute("rel") ?? "",
        href: (element as HTMLLinkElement).href,
      })),
    );
  const kindOf = (href: string) => new URL(href).pathname.split(".").pop() ?? "";
  expect(
    links
      .filter((link) => link.rel === "icon")
      .map((link) => kindOf(link.href))
      .sort(),
  ).toEqual(["ico", "svg"]);
  expect(links.filter((link) => link.rel === "apple-touch-icon").map((link) => kindOf(link.href))).toEqual([
    "png",
  ]);

  // Every icon the page names is served as an image of its kind; /favicon.ico too, which
  // browsers and bookmark tools ask for without looking at the page.
  const hrefs = [...links.map((link) => link.href), new URL("/favicon.ico", page.url()).toString()];
  for (const href of hrefs) {
    const answer = await request.get(href);
    expect({ href, status: answer.status() }).toEqual({ href, status: 200 });
    expect(answer.headers()["content-type"]).toMatch(/^image\//);
    const kind = kindOf(href);
    expect({ href, magic: MAGIC[kind]?.(await answer.body()) }).toEqual({ href, magic: true });
  }
});
