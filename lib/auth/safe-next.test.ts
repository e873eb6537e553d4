import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-next";

const PROBE = "https://app.example";

describe("safeNextPath", () => {
  it("keeps a path on the app's own origin, with its query and fragment", () => {
    expect(safeNextPath("/")).toBe("/");
    expect(safeNextPath("/weekly?from=2026-01-05#top")).toBe("/weekly?from=2026-01-05#top");
    expect(safeNextPath("/targets/demo/indexes/16384")).toBe("/targets/demo/indexes/16384");
  });

  it.each([
    ["tab", "/\t/evil.example/x"],
    ["encoded tab as the login page receives it decoded", decodeURIComponent("/%09/evil.example/x")],
    ["CR", "/\r/evil.example/x"],
    ["LF", "/\n/evil.example/x"],
    ["decoded %0a", decodeURIComponent("/%0a/evil.example")],
    ["decoded %0d", decodeURIComponent("/%0d/evil.example")],
    ["backslash", "/\\evil.example/x"],
    ["two backslashes", "\\\\evil.example"],
    ["protocol-relative", "//evil.example/x"],
    ["three slashes", "///evil.example/x"],
    ["dot segment into //", "/.//evil.example/x"],
    ["dot-dot segment into //", "/a/..//evil.example"],
    ["absolute URL", "https://evil.example/x"],
    ["same-looking absolute URL", "http://indexwatch.invalid/x"],
    ["javascript:", "javascript:alert(1)"],
    ["JavaScript: with spaces", " javascript:alert(1)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["relative path", "weekly"],
    ["empty", ""],
    ["NUL", "/\u0000/evil.example"],
  ])("refuses %s", (_label, next) => {
    expect(safeNextPath(next)).toBe("/");
  });

  it("keeps percent-encoded characters encoded, so they stay part of one path", () => {
    // Still encoded in the path: the browser does not decode %09 or %2F into a host.
    expect(safeNextPath("/%09/evil.example/x")).toBe("/%09/evil.example/x");
    expect(safeNextPath("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
    expect(safeNextPath("/%5Cevil.example")).toBe("/%5Cevil.example");
  });

  it("refuses anything that is not a string", () => {
    expect(safeNextPath(null)).toBe("/");
    expect(safeNextPath(undefined)).toBe("/");
    expect(safeNextPath(["/a", "/b"])).toBe("/");
    expect(safeNextPath("/".padEnd(3000, "a"))).toBe("/");
  });

  const nasty = fc.oneof(
    fc.string({ unit: "binary", maxLength: 40 }),
    fc
      .array(
        fc.constantFrom(
          "/",
          "\\",
          "\t",
          "\n",
          "\r",
          ".",
          "..",
          "%09",
          "%0a",
          "%2f",
          "evil.example",
          ":",
          "@",
          "?",
          "#",
          "javascript:",
          "http:",
          " ",
        ),
        { maxLength: 12 },
      )
      .map((parts) => parts.join("")),
  );

  it("answers, for any input, a path the browser resolves to this origin, and is idempotent", () => {
    fc.assert(
      fc.property(nasty, (next) => {
        const path = safeNextPath(next);
        expect(path.startsWith("/")).toBe(true);
        expect(path.startsWith("//")).toBe(false);
        // Resolved against any origin, as window.location.assign does, it stays there.
        expect(new URL(path, PROBE).origin).toBe(PROBE);
        expect(safeNextPath(path)).toBe(path);
      }),
      { numRuns: 5000 },
    );
  });
});
