import { UNKNOWN } from "../../provider/lifecycle/validators";
import { LIMITS } from "../../contract/paperspace-api";
import { provider } from "../../provider/runtime";
import { type StartupScriptInputs, type StartupScriptOutputs } from "../../provider/resources/startupScript.generated";
import { sha256 } from "../../provider/resources/startupScript";

const { check, diff } = provider("StartupScript");

const valid = { script: "echo hi", autoName: "boot-1a2b3c4" };

describe("StartupScript check", () => {
  test("fills the defaults and takes the auto-name when no name is given", async () => {
    const result = await check({}, valid);
    expect(result.failures).toBeUndefined();
    expect(result.inputs).toEqual({
      script: "echo hi",
      name: "boot-1a2b3c4",
      autoName: "boot-1a2b3c4",
      isRunOnce: false,
      isEnabled: true,
    });
  });

  test("keeps a given name and flags", async () => {
    const result = await check({}, { script: "x", name: "mine", isRunOnce: true, isEnabled: false });
    expect(result.inputs).toMatchObject({ name: "mine", isRunOnce: true, isEnabled: false });
  });

  test.each([
    ["no script", { autoName: "a" }, "script", "is required"],
    ["a null script", { ...valid, script: null }, "script", "is required"],
    ["an empty script", { ...valid, script: "" }, "script", "must not be empty"],
    ["a numeric script", { ...valid, script: 42 }, "script", "must be a string, got number 42"],
    ["an oversize script", { ...valid, script: "x".repeat(LIMITS.scriptMaxBytes + 1) }, "script", "at most 16384"],
    [
      "an oversize multibyte script",
      { ...valid, script: "é".repeat(LIMITS.scriptMaxBytes / 2 + 1) },
      "script",
      "16386 bytes",
    ],
    ["an empty name", { ...valid, name: "" }, "name", "must not be empty"],
    ["a blank name", { ...valid, name: "   " }, "name", "must not be empty"],
    ["an overlong name", { ...valid, name: "n".repeat(129) }, "name", "at most 128 characters, got 129"],
    ["a numeric name", { ...valid, name: 7 }, "name", "must be a string"],
    ["no name and no auto-name", { script: "x" }, "name", "is required"],
    ["a string isRunOnce", { ...valid, isRunOnce: "true" }, "isRunOnce", 'must be a boolean, got string "true"'],
    ["an object isEnabled", { ...valid, isEnabled: {} }, "isEnabled", "must be a boolean, got an object"],
    ["the legacy runOnce", { ...valid, runOnce: true }, "runOnce", 'did you mean "isRunOnce"'],
    ["an unknown property", { ...valid, color: "red" }, "color", "is not a property of this resource"],
  ])("refuses %s, naming %s", async (_case, news, property, reason) => {
    const result = await check({}, news as Partial<StartupScriptInputs>);
    expect(result.inputs).toBeUndefined();
    // The body's refusals name it in the reason, so that the engine prints no value beside them.
    const named = property === "script" ? { property: "", reason: expect.stringMatching(/^script /) } : { property };
    expect(result.failures).toEqual([expect.objectContaining(named)]);
    expect(result.failures?.[0].reason).toContain(reason);
  });

  test("accepts a script of exactly 16 KiB", async () => {
    const result = await check({}, { ...valid, script: "x".repeat(LIMITS.scriptMaxBytes) });
    expect(result.failures).toBeUndefined();
  });

  test("reports every failure at once", async () => {
    const result = await check({}, { name: "", isEnabled: 1 } as unknown as Partial<StartupScriptInputs>);
    expect(result.failures?.map((f) => f.property || f.reason.split(" ")[0]).sort()).toEqual([
      "isEnabled",
      "name",
      "script",
    ]);
  });

  test("tolerates values unknown during preview", async () => {
    const result = await check({}, { script: UNKNOWN, name: UNKNOWN, isRunOnce: UNKNOWN } as never);
    expect(result.failures).toBeUndefined();
  });
});

describe("StartupScript diff", () => {
  const olds: StartupScriptOutputs = {
    script: "echo hi",
    scriptSha256: sha256("echo hi"),
    name: "boot",
    isRunOnce: false,
    isEnabled: true,
    description: null,
    assignedMachineIds: [],
    dtCreated: "2026-01-01T00:00:00.000Z",
  };
  const same: StartupScriptInputs = { script: "echo hi", name: "boot", isRunOnce: false, isEnabled: true };

  test("no change when every field matches", async () => {
    expect(await diff("sc1", olds, same)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test.each([
    ["the body", { script: "echo bye" }],
    ["the name", { name: "renamed" }],
    ["isRunOnce", { isRunOnce: true }],
    ["isEnabled", { isEnabled: false }],
    ["an unknown body", { script: UNKNOWN }],
    ["an unknown name", { name: UNKNOWN }],
  ])("%s updates in place", async (_case, change) => {
    expect(await diff("sc1", olds, { ...same, ...change })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  test("the body is compared through its hash, not the stored text", async () => {
    // Only the hash decides: a stored body that disagrees with it is not looked at.
    const refreshed = { ...olds, script: "something stale" };
    expect((await diff("sc1", refreshed, same)).changes).toBe(false);
  });

  test("the auto-name input alone is not a change", async () => {
    expect((await diff("sc1", olds, { ...same, autoName: "boot-9999999" })).changes).toBe(false);
  });
});
