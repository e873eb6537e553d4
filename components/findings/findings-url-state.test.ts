import { describe, expect, it } from "vitest";
import { PAGE_SIZE, paramsFromUrl, urlFromParams } from "./findings-url-state";

describe("findings URL state", () => {
  it("reads filters, sort and page back from the URL it wrote", () => {
    const params = paramsFromUrl(
      new URLSearchParams("q=orders&table=public.t&kind=bloat&safe=1&sort=size.asc&page=3"),
      "findings",
    );
    expect(params).toEqual({
      list: "findings",
      kind: "bloat",
      table: "public.t",
      q: "orders",
      safe: true,
      sort: "size",
      dir: "asc",
      limit: PAGE_SIZE,
      offset: 2 * PAGE_SIZE,
    });
    expect(paramsFromUrl(new URLSearchParams(urlFromParams(params)), "findings")).toEqual(params);
  });

  it("falls back to the defaults on odd values", () => {
    const params = paramsFromUrl(new URLSearchParams("kind=all&sort=oid.up&page=-4"), "unused");
    expect(params).toMatchObject({ kind: "", sort: "benefit", dir: "", offset: 0 });
    expect(urlFromParams(params)).toBe("");
  });
});
