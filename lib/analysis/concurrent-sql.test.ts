import { describe, expect, it } from "vitest";
import { recreateSql, toConcurrentCreate } from "./concurrent-sql";
import { splitStatements } from "./drop-sql";

describe("toConcurrentCreate", () => {
  it("inserts CONCURRENTLY after CREATE INDEX and CREATE UNIQUE INDEX", () => {
    expect(toConcurrentCreate("CREATE INDEX a_idx ON public.a USING btree (x)")).toBe(
      "CREATE INDEX CONCURRENTLY a_idx ON public.a USING btree (x)",
    );
    expect(toConcurrentCreate("CREATE UNIQUE INDEX a_key ON public.a USING btree (x)")).toBe(
      "CREATE UNIQUE INDEX CONCURRENTLY a_key ON public.a USING btree (x)",
    );
  });

  it("touches only the leading keywords, not a name or expression that says INDEX", () => {
    const definition = `CREATE INDEX "CREATE INDEX x" ON public.t USING btree ((('CREATE INDEX '::text || name)))`;
    expect(toConcurrentCreate(definition)).toBe(
      `CREATE INDEX CONCURRENTLY "CREATE INDEX x" ON public.t USING btree ((('CREATE INDEX '::text || name)))`,
    );
  });

  it("refuses what is not an index definition", () => {
    expect(() => toConcurrentCreate("DROP TABLE x")).toThrow(/not an index definition/);
  });

  it("recreates a partitioned index plainly (no CONCURRENTLY) and on every partition (no ONLY)", () => {
    expect(recreateSql("CREATE INDEX p_idx ON ONLY public.p USING btree (x)", true)).toBe(
      "CREATE INDEX p_idx ON public.p USING btree (x)",
    );
    expect(recreateSql(`CREATE UNIQUE INDEX "a ON ONLY b" ON ONLY public.p USING btree (x)`, true)).toBe(
      `CREATE UNIQUE INDEX "a ON ONLY b" ON public.p USING btree (x)`,
    );
  });

  it("splits a two-statement undo into statements run one by one", () => {
    expect(
      splitStatements("CREATE INDEX CONCURRENTLY a ON t (x);\nALTER TABLE t REPLICA IDENTITY USING INDEX a"),
    ).toEqual(["CREATE INDEX CONCURRENTLY a ON t (x)", "ALTER TABLE t REPLICA IDENTITY USING INDEX a"]);
  });
});
