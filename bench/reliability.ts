/**
 * The whole fault matrix (testing/faultMatrix.ts) with the real Pulumi CLI and the emulator, printed as one table:
 * scenario, result, objects left after destroy, duplicates, requests to the faulted endpoint, retries made (those
 * requests beyond the first of each `up`).
 *
 *   npm run reliability                # every scenario (about 20 minutes)
 *   npm run reliability -- --markdown  # the same, as the table in RELIABILITY.md
 *   npm run reliability -- --only CustomTemplate
 *   npm run reliability -- --fault quirk   # the scenarios whose fault's name has this in it
 *   npm run reliability -- --gitops [--cycles 500] [--path dynamic|plugin] [--seed 1] [--minutes M]   # a GitOps day
 */
import { parseArgs } from "node:util";
import { Matrix, type Outcome, scenarios } from "../testing/faultMatrix";
import type { Path } from "../testing/gitopsDay";
import { gitops } from "./gitops";

const { values } = parseArgs({
  options: {
    markdown: { type: "boolean" },
    only: { type: "string" },
    fault: { type: "string" },
    gitops: { type: "boolean" },
    cycles: { type: "string", default: "500" },
    path: { type: "string" },
    seed: { type: "string", default: "1" },
    minutes: { type: "string" },
  },
});

async function main(): Promise<void> {
  if (values.gitops) {
    const paths: Path[] = values.path ? [values.path as Path] : ["dynamic", "plugin"];
    if (!paths.every((path) => path === "dynamic" || path === "plugin")) throw new Error("--path: dynamic or plugin");
    await gitops({
      cycles: Number(values.cycles),
      paths,
      seed: Number(values.seed),
      minutes: values.minutes === undefined ? undefined : Number(values.minutes),
      markdown: !!values.markdown,
    });
    return;
  }
  const chosen = scenarios(
    ({ kind, fault }) => (!values.only || kind === values.only) && (!values.fault || fault.name.includes(values.fault)),
  );
  const matrix = await Matrix.start();
  const outcomes: Outcome[] = [];
  const started = Date.now();
  try {
    for (const [index, scenario] of chosen.entries()) {
      const outcome = await matrix.run(scenario);
      outcomes.push(outcome);
      process.stderr.write(`[${index + 1}/${chosen.length}] ${outcome.scenario}: ${outcome.result}\n`);
    }
  } finally {
    await matrix.close();
  }
  const rows = outcomes.map((o) => [
    o.scenario,
    o.result,
    String(o.objectsLeft),
    String(o.duplicates),
    String(o.requestsToEndpoint),
    String(o.retries),
    o.problems.length > 0 ? o.problems.join("; ") : (o.failure ?? ""),
  ]);
  const header = [
    "scenario",
    "result",
    "objects left",
    "duplicates",
    "requests to the endpoint",
    "retries made",
    "first failure / problems",
  ];
  if (values.markdown) {
    console.log(`| ${header.join(" | ")} |`);
    console.log(`|${header.map(() => " --- ").join("|")}|`);
    for (const row of rows) console.log(`| ${row.map((cell) => cell.replace(/\|/g, "\\|")).join(" | ")} |`);
  } else {
    const widths = header.map((_, c) => Math.min(60, Math.max(...[header, ...rows].map((row) => row[c].length))));
    for (const row of [header, ...rows])
      console.log(row.map((cell, c) => cell.slice(0, 60).padEnd(widths[c])).join("  "));
  }
  const held = outcomes.filter((o) => o.problems.length === 0).length;
  console.log(
    `\n${held} of ${outcomes.length} scenarios held every invariant (${Math.round((Date.now() - started) / 1000)} s).`,
  );
  if (held !== outcomes.length) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
