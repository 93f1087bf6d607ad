import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SharedThrottle, throttleFile } from "../../provider/api/sharedThrottle";

const URL = "https://api.example.test/";
const KEY = "key-that-must-not-be-written";

/**
 * Two SharedThrottles on one file stand for two provider processes (each process has one per API and key); they
 * share nothing but the file. Real timers: the file's lock retries with them.
 */
describe("SharedThrottle", () => {
  let cacheDir: string;
  let file: string;
  beforeEach(() => {
    cacheDir = mkdtempSync(join(tmpdir(), "throttle-"));
    file = throttleFile(URL, KEY, cacheDir);
  });
  afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

  test("before any 429 nothing is written, and nothing waits", async () => {
    const throttle = new SharedThrottle(file);
    await throttle.acceptedAt(Date.now());
    const before = Date.now();
    await Promise.all(Array.from({ length: 10 }, () => throttle.wait()));
    expect(Date.now() - before).toBeLessThan(1000);
    expect(existsSync(file)).toBe(false);
  });

  test("a 429 met by one process holds the requests of another, which was never refused", async () => {
    const refused = new SharedThrottle(file);
    const other = new SharedThrottle(file);
    const resumeAt = Date.now() + 300;
    await refused.limitedAt(Date.now(), resumeAt);
    await other.wait();
    expect(Date.now()).toBeGreaterThanOrEqual(resumeAt);
  });

  test("after the hold, the processes' requests take places in one pace", async () => {
    const a = new SharedThrottle(file);
    const b = new SharedThrottle(file);
    // 10 answers accepted within the last second: the pace after the hold is 8 per second, places 125 ms apart.
    for (let i = 0; i < 10; i++) await a.acceptedAt(Date.now() - 500 + i * 50);
    const resumeAt = Date.now() + 100;
    await a.limitedAt(Date.now(), resumeAt);
    const starts: number[] = [];
    await Promise.all([a, b, a, b].map((throttle) => throttle.wait().then(() => starts.push(Date.now() - resumeAt))));
    // One queue: the four places follow each other, whichever process took them, and none starts before its place.
    // (Each a little under 125 ms, the pace growing; the first a little after the hold's end, when it woke.)
    const queued = JSON.parse(readFileSync(file, "utf8")).nextStart - resumeAt;
    expect(queued).toBeGreaterThan(4 * 120);
    expect(queued).toBeLessThan(4 * 125 + 100);
    starts.sort((x, y) => x - y);
    starts.forEach((start, i) => expect(start).toBeGreaterThanOrEqual(i * 125 - 2));
  });

  test("the file names neither the API nor the key, and holds neither", async () => {
    await new SharedThrottle(file).limitedAt(Date.now(), Date.now() + 10);
    const [name] = readdirSync(join(cacheDir, "pulumi-paperspace", "throttle"));
    const text = readFileSync(file, "utf8");
    for (const secret of [KEY, "example"]) {
      expect(name).not.toContain(secret);
      expect(text).not.toContain(secret);
    }
    expect(throttleFile(URL, "another key", cacheDir)).not.toBe(file);
  });

  test("a file no process has written for a minute is another run's, and is not followed", async () => {
    await new SharedThrottle(file).limitedAt(Date.now(), Date.now() + 5000);
    const aMinuteAgo = new Date(Date.now() - 61_000);
    utimesSync(file, aMinuteAgo, aMinuteAgo);
    const before = Date.now();
    await new SharedThrottle(file).wait();
    expect(Date.now() - before).toBeLessThan(1000);
  });

  test("a file that is not a throttle's state is taken for none", async () => {
    mkdirSync(join(cacheDir, "pulumi-paperspace", "throttle"), { recursive: true });
    writeFileSync(file, "{ half a write");
    const throttle = new SharedThrottle(file);
    await throttle.wait();
    const resumeAt = Date.now() + 200;
    await throttle.limitedAt(Date.now(), resumeAt);
    await throttle.wait();
    expect(Date.now()).toBeGreaterThanOrEqual(resumeAt);
    expect(JSON.parse(readFileSync(file, "utf8")).lastLimitedAt).toBeGreaterThan(0);
  });

  test("where the cache folder cannot be written, the process throttles alone", async () => {
    // A file where the folder should be (chmod would not stop root, who runs some CI).
    writeFileSync(join(cacheDir, "pulumi-paperspace"), "");
    const throttle = new SharedThrottle(file);
    const resumeAt = Date.now() + 200;
    await throttle.limitedAt(Date.now(), resumeAt);
    await throttle.wait();
    expect(Date.now()).toBeGreaterThanOrEqual(resumeAt);
    expect(existsSync(file)).toBe(false);
  });
});
