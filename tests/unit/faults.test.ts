import { EmulatorError } from "../../emulator/errors";
import { Faults } from "../../emulator/faults";
import { RateLimiter } from "../../emulator/rateLimit";

describe("fault rules", () => {
  test("match on method and path, `*` one segment, `**` any number", () => {
    const faults = new Faults();
    faults.add({
      rules: [
        { method: "GET", path: "/snapshots/*", status: 500 },
        { method: "*", path: "/machines/**", delayMs: 5 },
      ],
    });
    expect(faults.match("GET", "/snapshots/s1")).toEqual({ status: 500 });
    expect(faults.match("GET", "/snapshots/s1/restore")).toBeUndefined();
    expect(faults.match("PUT", "/snapshots/s1")).toBeUndefined();
    expect(faults.match("PATCH", "/machines/ps1/stop")).toEqual({ delayMs: 5 });
    expect(faults.match("GET", "/machines")).toBeUndefined();
  });

  test("a count rule fires for the next N matches, then is used up", () => {
    const faults = new Faults();
    faults.add({ rules: [{ method: "POST", path: "/custom-templates", count: 2, status: 503 }] });
    expect([1, 2, 3].map(() => faults.match("POST", "/custom-templates"))).toEqual([
      { status: 503 },
      { status: 503 },
      undefined,
    ]);
    expect(faults.list()[0]).toMatchObject({ hits: 2 });
  });

  test("a probability rule draws from the seed: the same seed fires on the same requests", () => {
    const run = (seed: number) => {
      const faults = new Faults();
      faults.add({ seed, rules: [{ method: "*", path: "/**", probability: 0.3, status: 500 }] });
      return Array.from({ length: 40 }, () => (faults.match("GET", "/machines") ? 1 : 0)).join("");
    };
    expect(run(42)).toBe(run(42));
    expect(run(42)).not.toBe(run(43));
    const fired = run(42)
      .split("")
      .filter((c) => c === "1").length;
    expect(fired).toBeGreaterThan(3);
    expect(fired).toBeLessThan(25);
  });

  test("the first rule that fires wins", () => {
    const faults = new Faults();
    faults.add({
      rules: [
        { method: "GET", path: "/machines", count: 1, retryAfter: 2 },
        { method: "GET", path: "/machines", drop: "after" },
      ],
    });
    expect(faults.match("GET", "/machines")).toEqual({ retryAfter: 2 });
    expect(faults.match("GET", "/machines")).toEqual({ drop: "after" });
  });

  test("noCapacity is an effect of its own", () => {
    const faults = new Faults();
    faults.add({ rules: [{ method: "POST", path: "/machines", noCapacity: true }] });
    expect(faults.match("POST", "/machines")).toEqual({ noCapacity: true });
  });

  test.each([
    [{ rules: "x" }, "rules"],
    [{ seed: 1.5, rules: [] }, "seed"],
    [{ rules: [{ method: "FETCH", path: "/x", status: 500 }] }, "rules[0].method"],
    [{ rules: [{ method: "GET", path: "x", status: 500 }] }, "rules[0].path"],
    [{ rules: [{ method: "GET", path: "/x" }] }, "rules[0]"],
    [{ rules: [{ method: "GET", path: "/x", status: 500, delayMs: 1 }] }, "rules[0]"],
    [{ rules: [{ method: "GET", path: "/x", status: 200 }] }, "rules[0].status"],
    [{ rules: [{ method: "GET", path: "/x", count: 0, status: 500 }] }, "rules[0].count"],
    [{ rules: [{ method: "GET", path: "/x", probability: 2, status: 500 }] }, "rules[0].probability"],
    [{ rules: [{ method: "GET", path: "/x", count: 1, probability: 0.5, status: 500 }] }, "rules[0].count"],
    [{ rules: [{ method: "GET", path: "/x", drop: "during" }] }, "rules[0].drop"],
    [{ rules: [{ method: "GET", path: "/x", event: "exploded" }] }, "rules[0].event"],
    [{ rules: [{ method: "GET", path: "/x", retryAfter: -1 }] }, "rules[0].retryAfter"],
    [{ rules: [{ method: "POST", path: "/machines", noCapacity: "yes" }] }, "rules[0].noCapacity"],
  ])("refuses %j, naming %s, and adds none of the rules", (body, field) => {
    const faults = new Faults();
    let thrown: unknown;
    try {
      faults.add(body);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EmulatorError);
    expect((thrown as EmulatorError).toEnvelope()).toMatchObject({ code: "BAD_REQUEST", details: { field } });
    expect(faults.list()).toEqual([]);
  });
});

describe("RateLimiter", () => {
  test("lets a burst through, then asks to wait, refilling at the rate", () => {
    let now = 0;
    const limiter = new RateLimiter({ requestsPerSecond: 5, burst: 2 }, () => now);
    expect([limiter.take("k"), limiter.take("k"), limiter.take("k")]).toEqual([0, 0, 1]);
    expect(limiter.take("other")).toBe(0);
    now += 200; // one token back
    expect(limiter.take("k")).toBe(0);
    expect(limiter.take("k")).toBe(1);
  });

  test("Retry-After is in whole seconds, rounded up", () => {
    let now = 0;
    const limiter = new RateLimiter({ requestsPerSecond: 0.25, burst: 1 }, () => now);
    limiter.take("k");
    expect(limiter.take("k")).toBe(4);
    now += 3000;
    expect(limiter.take("k")).toBe(1);
  });
});
