import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "../../testing/pulumi";

jest.setTimeout(300_000);

/** The README's first command, `npm run demo`, on the root demo project (examples/quickstart). */
test("the demo runs pulumi up on the quickstart, shows the account, and a second pulumi up changes nothing", async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, "tools", "demo.js")], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  expect(stdout).toMatch(/\+ 6 created/);
  const trainer = /^machine +(ps[0-9a-z]{10}) +training-box +state=ready type=A4000 region=ny2$/m.exec(stdout)?.[1];
  expect(trainer).toBeDefined();
  const row = (pattern: string) => new RegExp(`^${pattern}$`, "m");
  const script = "startup script +sc[0-9a-z]{10} +bootstrap-[0-9a-f]{7} +runOnce=true enabled=true bytes=\\d+";
  expect(stdout).toMatch(row(`${script} assigned=${trainer}`));
  expect(stdout).toMatch(row(`snapshot +s[0-9a-z]{13} +before-image-[0-9a-f]{7} +machine=${trainer}`));
  expect(stdout).toMatch(row(`custom template +t[0-9a-z]{7} +image-[0-9a-f]{7} +from=${trainer} os="Ubuntu 22.04"`));
  expect(stdout).toMatch(row("machine +ps[0-9a-z]{10} +worker-[0-9a-f]{7} +state=ready type=A4000 region=ny2"));
  const marker = stdout.indexOf("A second pulumi up");
  expect(marker).toBeGreaterThan(0);
  const secondRun = stdout.slice(marker);
  expect(secondRun).toMatch(/6 unchanged/);
  expect(secondRun).not.toMatch(/created|updated|deleted|replaced|to create|to update/);
});
