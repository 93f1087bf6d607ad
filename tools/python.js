// A Python virtualenv with a set of packages, made once per machine in the machine-wide cache
// (~/.cache/pulumi-paperspace/<name>, `$XDG_CACHE_HOME` to move it) and made again when the set changes: npm run
// dist's build tools, and the Pulumi SDK the test of the docs' Python examples imports.
"use strict";

const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { cacheDir } = require("./bootstrap");

/** The tools of a Python package's build: `python -m build`, and the build backend the SDK's pyproject.toml names. */
const PYTHON_BUILD_TOOLS = ["build==1.6.1", "setuptools==84.2.1"];

/** The python of the virtualenv `name` holding `packages` (pip requirements), made first when missing or stale. */
function pythonVenv(name, packages) {
  const venv = cacheDir(name);
  const python = path.join(venv, process.platform === "win32" ? "Scripts/python.exe" : "bin/python");
  const stamp = path.join(venv, "tools.txt");
  const wanted = `${packages.join("\n")}\n`;
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === wanted) return python;
  process.stderr.write(`python: making a virtualenv with ${packages.join(", ")} (${venv})\n`);
  fs.rmSync(venv, { recursive: true, force: true });
  execFileSync(process.platform === "win32" ? "python" : "python3", ["-m", "venv", venv], { stdio: "inherit" });
  execFileSync(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", ...packages], {
    stdio: ["ignore", 2, 2],
  });
  fs.writeFileSync(stamp, wanted);
  return python;
}

module.exports = { PYTHON_BUILD_TOOLS, pythonVenv };
