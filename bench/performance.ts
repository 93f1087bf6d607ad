/**
 * Every performance figure, in one run, with the real Pulumi CLI against the emulator (see PERFORMANCE.md):
 *
 *   npm run bench                                   # all of them, then the serialization and emulator benchmarks
 *   npm run bench:performance -- --only rate-limit  # one part
 *   npm run bench:performance -- --markdown         # the table, as in PERFORMANCE.md
 */
import { parseArgs } from "node:util";
import * as engineOverhead from "./engine-overhead";
import * as environmentRefresh from "./environment-refresh";
import * as machineFleet from "./machine-fleet";
import * as manyStacks from "./many-stacks";
import * as parallelConvergence from "./parallel-convergence";
import * as peer from "./peer";
import * as pluginVsDynamic from "./plugin-vs-dynamic";
import * as rateLimit from "./rate-limit";
import * as requestEconomy from "./request-economy";
import * as requestSharing from "./request-sharing";
import * as stateMemory from "./state-memory";
import * as thousand from "./thousand";
import { type Figure, print } from "./support";

/** Each part: its name for `--only`, and its module (title and run). */
const PARTS: [string, { title: string; run: () => Promise<Figure[]> }][] = [
  ["engine-overhead", engineOverhead],
  ["parallel-convergence", parallelConvergence],
  ["request-economy", requestEconomy],
  ["rate-limit", rateLimit],
  ["many-stacks", manyStacks],
  ["state-memory", stateMemory],
  ["peer", peer],
  ["machine-fleet", machineFleet],
  ["request-sharing", requestSharing],
  ["plugin-vs-dynamic", pluginVsDynamic],
  ["environment-refresh", environmentRefresh],
  ["thousand", thousand],
];

const { values } = parseArgs({ options: { markdown: { type: "boolean" }, only: { type: "string" } } });

async function main(): Promise<void> {
  const chosen = PARTS.filter(([key]) => !values.only || values.only.split(",").includes(key));
  if (chosen.length === 0) throw new Error(`--only takes some of: ${PARTS.map(([key]) => key).join(", ")}`);
  const results: [string, Figure[]][] = [];
  for (const [key, { title, run }] of chosen) {
    const started = Date.now();
    process.stderr.write(`bench: ${key}...\n`);
    const figures = await run();
    process.stderr.write(`bench: ${key} took ${Math.round((Date.now() - started) / 1000)} s\n`);
    print(title, figures);
    results.push([title, figures]);
  }
  if (values.markdown) {
    console.log("\n| part | figure | value | goal |\n| --- | --- | --- | --- |");
    // A route's `*` is escaped, so that two in a cell (`/machines/*/accessors/*`) do not read as emphasis.
    const cell = (text: string) => text.replace(/\*/g, "\\*");
    for (const [title, figures] of results) {
      for (const f of figures) {
        const goal = f.goal ? `${f.goal}: ${f.met ? "met" : "**not met**"}` : "";
        console.log(`| ${title} | ${cell(f.figure)} | ${cell(f.value)} | ${goal} |`);
      }
    }
  }
  const missed = results.flatMap(([, figures]) => figures).filter((f) => f.goal && !f.met);
  if (missed.length > 0) {
    console.log(`\n${missed.length} goal(s) not met: ${missed.map((f) => f.figure).join("; ")}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
