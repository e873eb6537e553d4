import { describe, expect, it } from "vitest";
import { actionFor, describeHolder, HIDDEN_QUERY, withoutQueryText } from "./disclosure";
import type { ActionJson } from "./types";

const holder = describeHolder({
  pid: 4242,
  query: "UPDATE users SET email = 'alice@example.com' WHERE id = 7",
  state: "idle in transaction",
  application_name: "billing",
  query_seconds: 12,
});

describe("lock holder descriptions", () => {
  it("name the session, then its query", () => {
    expect(holder).toBe(
      `pid 4242 (application "billing", state idle in transaction, for 12 s) running UPDATE users SET email = 'alice@example.com' WHERE id = 7`,
    );
  });

  it("lose the query text, and only it, for readers who are not operators", () => {
    const message = `could not get the lock on public.users; held by ${holder}`;
    expect(withoutQueryText(message)).toBe(
      `could not get the lock on public.users; held by pid 4242 (application "billing", state idle in transaction, for 12 s) ${HIDDEN_QUERY}`,
    );
    // Rows written before descriptions named the application.
    expect(withoutQueryText("held by pid 9 running SELECT 'secret'")).toBe(`held by pid 9 ${HIDDEN_QUERY}`);
    expect(withoutQueryText(null)).toBeNull();
  });

  it("cannot be steered by a hostile application name", () => {
    const hostile = describeHolder({
      pid: 1,
      query: "SELECT 'secret'",
      state: "active",
      application_name: 'x", state y, for 1 s) running nothing (',
      query_seconds: 1,
    });
    expect(withoutQueryText(hostile)).not.toContain("secret");
  });

  it("keep everything for operators", () => {
    const action = { lockHolder: holder, error: `held by ${holder}` } as ActionJson;
    expect(actionFor({ username: "op", role: "operator" }, action)).toBe(action);
    expect(actionFor({ username: "v", role: "viewer" }, action).lockHolder).not.toContain("alice");
    expect(actionFor(null, action).error).not.toContain("alice");
  });
});
