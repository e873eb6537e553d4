import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { indexKeyOf, parseIndexRef } from "./index-ref";

describe("parseIndexRef", () => {
  it("reads an OID, and refuses one out of range", () => {
    expect(parseIndexRef("16689")).toEqual({ oid: 16689 });
    expect(parseIndexRef("4294967296")).toBeNull();
    expect(parseIndexRef("0")).toBeNull();
  });

  it("reads an ordinary key one way only", () => {
    expect(parseIndexRef("public.orders.orders_user_status_idx")).toEqual({
      candidates: [{ schema: "public", table: "orders", name: "orders_user_status_idx" }],
    });
  });

  it("reads a decoded key with dots in a name every way it allows", () => {
    expect(parseIndexRef("s.t.a.b")).toEqual({
      candidates: [
        { schema: "s", table: "t", name: "a.b" },
        { schema: "s", table: "t.a", name: "b" },
        { schema: "s.t", table: "a", name: "b" },
      ],
    });
  });

  it("refuses what is neither an OID nor a key", () => {
    for (const bad of ["", "abc", "a.b", "a..b", "12a", "a.b.c.d.e.f.g.h.i.j.k.l.m.n"]) {
      expect(parseIndexRef(bad)).toBeNull();
    }
  });

  it("finds the identity it was made from, whatever the names hold", () => {
    const name = fc.string({ minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(name, name, name, (schema, table, index) => {
        const ref = parseIndexRef(indexKeyOf({ schema, table, name: index }));
        expect(ref).not.toBeNull();
        expect(ref && "candidates" in ref ? ref.candidates : []).toContainEqual({
          schema,
          table,
          name: index,
        });
      }),
    );
  });

  it("takes a part with a bare % (decoded by the framework already) as it is", () => {
    expect(parseIndexRef("public.t.100%_idx")).toEqual({
      candidates: [{ schema: "public", table: "t", name: "100%_idx" }],
    });
  });

  it("finds it too when the framework decoded the segment first (dots back in place)", () => {
    const key = indexKeyOf({ schema: "app", table: "v1.orders", name: "by.user" });
    const ref = parseIndexRef(decodeURIComponent(key));
    expect(ref && "candidates" in ref ? ref.candidates : []).toContainEqual({
      schema: "app",
      table: "v1.orders",
      name: "by.user",
    });
  });
});
