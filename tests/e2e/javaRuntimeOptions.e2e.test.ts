import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { scratchDir, stackIn } from "../../testing/pulumi";

jest.setTimeout(300_000);

/**
 * The Java host (1.22.0) takes a program's runtime options from the CLI's requests, which is why it is started as it
 * is, without tools/pulumi/launcher: the fixture's Pulumi.yaml names a Maven of its own (`use-executor`), a script that
 * writes down each run's arguments, and the host runs the program with it.
 */
test("the Java host runs the program with the Maven its Pulumi.yaml names", async () => {
  const scratch = scratchDir("java-options");
  try {
    const workDir = join(scratch.dir, "program");
    cpSync(join(__dirname, "fixtures", "java-options"), workDir, { recursive: true });
    const stack = await stackIn(workDir, join(scratch.dir, "state"));
    const up = await stack.up();
    expect(up.outputs.answer.value).toBe(42);
    const runs = readFileSync(join(workDir, "executor.log"), "utf8").trim().split("\n");
    // Both of the host's runs: the SDK's answer to which plugins the program needs, then the program.
    expect(runs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /compile exec:java .*-DmainClass=com\.pulumi\.bootstrap\.internal\.Main -DmainArgs=packages/,
        ),
        expect.not.stringContaining("-DmainClass"),
      ]),
    );
  } finally {
    scratch.cleanup();
  }
});
