import { Throttle } from "../../provider/api/throttle";

const T0 = Date.parse("2026-01-01T00:00:00.000Z");

describe("Throttle", () => {
  beforeEach(() => jest.useFakeTimers({ now: T0 }));
  afterEach(() => jest.useRealTimers());

  /** Starts `count` waits at once and returns when each was let go, in ms after T0. */
  async function starts(throttle: Throttle, count: number, withinMs = 60_000): Promise<number[]> {
    const at: number[] = [];
    const waits = Array.from({ length: count }, () => throttle.wait().then(() => at.push(Date.now() - T0)));
    await jest.advanceTimersByTimeAsync(withinMs);
    await Promise.all(waits);
    return at;
  }

  /** `count` answers accepted over the second before now. */
  function acceptedOverLastSecond(throttle: Throttle, count: number): void {
    for (let i = 0; i < count; i++) throttle.acceptedAt(Date.now() - 1000 + ((i + 1) * 1000) / count);
  }

  test("before any 429, nothing waits", async () => {
    const throttle = new Throttle();
    acceptedOverLastSecond(throttle, 50);
    expect(await starts(throttle, 20, 0)).toEqual(Array(20).fill(0));
  });

  test("a 429 with nothing accepted before it holds every request until the time given, then lets all go", async () => {
    const throttle = new Throttle();
    throttle.limitedAt(Date.now(), Date.now() + 1000);
    expect(await starts(throttle, 5)).toEqual(Array(5).fill(1000));
  });

  test("after a hold, requests start one after another at 80% of the rate the API was accepting", async () => {
    const throttle = new Throttle();
    acceptedOverLastSecond(throttle, 10);
    throttle.limitedAt(Date.now(), Date.now() + 1000);
    // 8 per second: 125 ms apart.
    expect(await starts(throttle, 4)).toEqual([1000, 1125, 1250, 1375]);
  });

  test("the pace grows by one request per second, each second, after the hold", () => {
    const throttle = new Throttle();
    acceptedOverLastSecond(throttle, 5);
    throttle.limitedAt(Date.now(), Date.now() + 1000);
    expect(throttle.paceAt(Date.now() + 1000)).toBeCloseTo(4);
    expect(throttle.paceAt(Date.now() + 3000)).toBeCloseTo(6);
  });

  test("the 429s of requests sent before the hold cut the pace once, not once each", () => {
    const throttle = new Throttle();
    acceptedOverLastSecond(throttle, 10);
    for (let i = 0; i < 16; i++) throttle.limitedAt(Date.now() + i, Date.now() + 1000);
    expect(throttle.paceAt(Date.now() + 1000)).toBeCloseTo(8);
  });

  test("a 429 while paced cuts the pace again, to 80% of what the API was then accepting", () => {
    const throttle = new Throttle();
    acceptedOverLastSecond(throttle, 10);
    throttle.limitedAt(Date.now(), Date.now() + 1000); // pace 8 from T0 + 1 s
    jest.setSystemTime(T0 + 2000); // pace 9 now
    acceptedOverLastSecond(throttle, 6);
    throttle.limitedAt(Date.now(), Date.now() + 1000);
    expect(throttle.paceAt(Date.now() + 1000)).toBeCloseTo(0.8 * 6);
  });

  test("a 429 right after a hold, too soon to measure a rate, cuts the pace it came at", () => {
    const throttle = new Throttle();
    acceptedOverLastSecond(throttle, 10);
    throttle.limitedAt(Date.now(), Date.now() + 1000); // pace 8 from T0 + 1 s
    jest.setSystemTime(T0 + 1100);
    throttle.acceptedAt(Date.now());
    throttle.limitedAt(Date.now(), Date.now() + 1000);
    expect(throttle.paceAt(Date.now() + 1000)).toBeCloseTo(0.8 * 8.1);
  });

  test("a 429 that comes while a request waits for its place holds that request too", async () => {
    const throttle = new Throttle();
    acceptedOverLastSecond(throttle, 2);
    throttle.limitedAt(Date.now(), Date.now() + 1000); // pace 1.6: 625 ms apart
    const at: number[] = [];
    const waits = [0, 1].map(() => throttle.wait().then(() => at.push(Date.now() - T0)));
    await jest.advanceTimersByTimeAsync(1100); // the first has gone; the second waits for 1625
    throttle.limitedAt(Date.now(), Date.now() + 2000); // held until 3100
    await jest.advanceTimersByTimeAsync(10_000);
    await Promise.all(waits);
    expect(at[0]).toBe(1000);
    expect(at[1]).toBeGreaterThanOrEqual(3100);
  });
});
