import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SqlPair } from "./sql-pair";

const render = (aboutAnIndex: boolean) =>
  renderToStaticMarkup(createElement(SqlPair, { sql: null, aboutAnIndex }));

describe("SqlPair without a statement", () => {
  it("says a partition's index goes with its parent, and a table finding needs a design decision", () => {
    expect(render(true)).toContain("it goes with its partitioned parent index");
    expect(render(false)).toContain("a change to the table or its queries");
    expect(render(false)).not.toContain("partitioned parent");
  });
});
