import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { IndexInventory, IndexJson } from "./index-inventory";
import { snapshotLookup } from "./snapshot";

// The index page reads one index out of a snapshot of up to 50,000: by OID, or by the
// readings of its identity key, the first reading the snapshot holds.

function indexOf(oid: number, schema: string, table: string, name: string): IndexJson {
  return { oid, schema, table, name } as IndexJson;
}

function inventoryOf(indexes: IndexJson[]): IndexInventory {
  return { indexes } as IndexInventory;
}

const part = fc.string({ minLength: 1, maxLength: 8 });

describe("snapshotLookup", () => {
  it("finds every index by its OID and by its key, and nothing else", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ schema: part, table: part, name: part }), {
          maxLength: 30,
          selector: (k) => `${k.schema}\u0000${k.table}\u0000${k.name}`,
        }),
        fc.record({ schema: part, table: part, name: part }),
        (keys, stranger) => {
          const indexes = keys.map((k, i) => indexOf(1000 + i, k.schema, k.table, k.name));
          const lookup = snapshotLookup(inventoryOf(indexes));
          for (const index of indexes) {
            expect(lookup.byOid.get(index.oid)).toBe(index);
            expect(lookup.byKey([index])).toBe(index);
          }
          expect(lookup.byOid.get(999)).toBeUndefined();
          const known = keys.some(
            (k) => k.schema === stranger.schema && k.table === stranger.table && k.name === stranger.name,
          );
          if (!known) expect(lookup.byKey([stranger])).toBeNull();
        },
      ),
    );
  });

  it("answers the first reading of a dotted key that the snapshot holds", () => {
    const dotted = indexOf(1, "a", "b.c", "d");
    const plain = indexOf(2, "a.b", "c", "d");
    const lookup = snapshotLookup(inventoryOf([dotted, plain]));
    const readings = [
      { schema: "a", table: "b", name: "c.d" },
      { schema: "a", table: "b.c", name: "d" },
      { schema: "a.b", table: "c", name: "d" },
    ];
    expect(lookup.byKey(readings)).toBe(dotted);
    expect(lookup.byKey(readings.slice(2))).toBe(plain);
    expect(lookup.byKey([{ schema: "a", table: "b", name: "c.d" }])).toBeNull();
  });

  it("is built once per snapshot", () => {
    const inventory = inventoryOf([indexOf(7, "s", "t", "i")]);
    expect(snapshotLookup(inventory)).toBe(snapshotLookup(inventory));
    expect(snapshotLookup(inventoryOf([...inventory.indexes]))).not.toBe(snapshotLookup(inventory));
  });
});
