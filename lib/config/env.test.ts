import { describe, expect, it } from "vitest";
import { readEnv } from "./env";

describe("readEnv", () => {
  it("applies defaults when nothing is set", () => {
    const env = readEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DEMO_WORKLOAD).toBe(true);
    expect(env.INDEXWATCH_DATA_DIR).toBe(".indexwatch");
  });

  it("treats an empty variable as unset, as shells write it", () => {
    expect(readEnv({ DATABASE_URL: "", PORT: "" }).DATABASE_URL).toBeUndefined();
  });

  it("reads booleans the ways people write them", () => {
    expect(readEnv({ DEMO_WORKLOAD: "off" }).DEMO_WORKLOAD).toBe(false);
    expect(readEnv({ DEMO_WORKLOAD: "0" }).DEMO_WORKLOAD).toBe(false);
    expect(readEnv({ DEMO_WORKLOAD: "on" }).DEMO_WORKLOAD).toBe(true);
  });

  it("names the variable at fault", () => {
    expect(() => readEnv({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => readEnv({ DEMO_WORKLOAD: "maybe" })).toThrow(/DEMO_WORKLOAD/);
    expect(() => readEnv({ TARGET_ID: "Has Spaces" })).toThrow(/TARGET_ID/);
  });
});
