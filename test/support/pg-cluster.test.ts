import { describe, expect, it } from "vitest";
import { binDir, DEBIAN_PG15_BIN, debianPg15BinDir, requireDebianHypopg } from "./pg-cluster";

describe("Debian's PostgreSQL 15 for the hypopg tests", () => {
  it("is found where Debian installs it (this machine has it: .ci/run installs it)", () => {
    expect(binDir(15)).toBe(DEBIAN_PG15_BIN);
    expect(() => requireDebianHypopg()).not.toThrow();
  });

  it("fails with what to run when the server or hypopg is missing, never silently", () => {
    expect(() => debianPg15BinDir("/nonexistent/15/bin")).toThrow(
      /PostgreSQL 15 is missing .*Run \.ci\/run, or: apt-get install -y postgresql-15 postgresql-15-hypopg/,
    );
    expect(() => requireDebianHypopg("/nonexistent/hypopg.control")).toThrow(
      /Run \.ci\/run, or: apt-get install -y postgresql-15-hypopg/,
    );
  });
});
