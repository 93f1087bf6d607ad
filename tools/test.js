#!/usr/bin/env node
// The whole test suite, as `npm test` runs it, on the project's Node.js (tools/node.js): install and build what is
// missing, find or build the Pulumi engine, run the linters, then the jest tiers (unit, integration, host, e2e, and
// compat, which runs the package on the oldest Node.js and @pulumi/pulumi it claims). Ends with the line
// "N passed, N failed" (also written to .test-results/summary.txt), counting the lint run as one check.
// Extra arguments go to jest, e.g. `npm test -- --selectProjects unit`.
"use strict";

const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { bootstrap, ROOT } = require("./bootstrap");
const { ensureEngine } = require("./engine");
const { buildPlugin } = require("./plugin");
const { onProjectNode } = require("./node");

const RESULTS = path.join(ROOT, ".test-results");

function run(command, args, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: "inherit", env });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

/** Counts from jest's JSON report; a suite that failed to run counts as one failure, so none is hidden. */
function jestCounts(reportFile) {
  if (!fs.existsSync(reportFile)) return { passed: 0, failed: 1 };
  const report = JSON.parse(fs.readFileSync(reportFile, "utf8"));
  const brokenSuites = report.testResults.filter(
    (suite) => suite.status === "failed" && suite.assertionResults.length === 0,
  );
  return { passed: report.numPassedTests, failed: report.numFailedTests + brokenSuites.length };
}

async function main() {
  await onProjectNode();
  bootstrap();
  const engineDir = await ensureEngine();
  // Built once here, so that the tests that run side by side do not build them at the same time (the e2e tests of
  // the release artifacts then find them up to date).
  await buildPlugin();
  if ((await run(process.execPath, [path.join(ROOT, "tools", "dist.js")])) !== 0)
    throw new Error("npm run dist failed");
  fs.rmSync(RESULTS, { recursive: true, force: true });
  fs.mkdirSync(RESULTS, { recursive: true });

  process.stderr.write("\n==> lint (eslint, prettier, tsc)\n");
  const lintCode = await run("npm", ["run", "--silent", "lint"]);

  process.stderr.write(`\n==> jest on Node.js ${process.versions.node}: unit, integration, host, e2e, compat\n`);
  const report = path.join(RESULTS, "jest.json");
  const jestBin = path.join(ROOT, "node_modules", "jest", "bin", "jest.js");
  const jestArgs = ["--json", `--outputFile=${report}`, "--maxWorkers=2", ...process.argv.slice(2)];
  const jestCode = await run(process.execPath, [jestBin, ...jestArgs], {
    ...process.env,
    PULUMI_PAPERSPACE_ENGINE_DIR: engineDir,
  });

  const counts = jestCounts(report);
  counts[lintCode === 0 ? "passed" : "failed"] += 1;
  const summary = `${counts.passed} passed, ${counts.failed} failed`;
  fs.writeFileSync(path.join(RESULTS, "summary.txt"), `${summary}\n`);
  process.stdout.write(`\n${summary}\n`);
  process.exit(lintCode !== 0 || jestCode !== 0 || counts.failed > 0 ? 1 : 0);
}

main().catch((error) => {
  process.stderr.write(`test run failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
