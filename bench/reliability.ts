/**
 * The whole fault matrix (testing/faultMatrix.ts) with the real Pulumi CLI and the emulator, printed as one table:
 * scenario, result, objects left after destroy, duplicates, requests to the faulted endpoint, retries made (those
 * requests beyond the first of each `up`). Then the crash trials (testing/crashTrials.ts): a process killed in the
 * middle of a create, update or delete of each kind, and the user's recovery, one row per kind and path. Then a day
 * of GitOps (bench/gitops.ts) per path.
 *
 *   npm run reliability                # every scenario (about 45 minutes), 50 crash trials per kind and 500 GitOps
 *                                      # cycles per path (hours); --part matrix|crash|gitops for one
 *   npm run reliability -- --markdown  # the same, as the tables in RELIABILITY.md
 *   npm run reliability -- --only CustomTemplate          # or several: --only Machine,Snapshot
 *   npm run reliability -- --fault quirk   # the scenarios whose fault's name has this in it
 *   npm run reliability -- --part crash --trials 10 --seed 7 --path plugin --op create --victim cli
 *   npm run reliability -- --part crash --only StartupScript --path dynamic --op create --victim cli --seed 9 --trials 1
 *                                      # one trial again, from the line it printed
 *   npm run reliability -- --part crash --path dynamic --trials 25 --minutes 90
 *                                      # --minutes: start no trial (or GitOps cycle) after that many minutes
 *   npm run reliability -- --part gitops --cycles 500 --path plugin --seed 1 --minutes 45   # a day of GitOps
 */
import { parseArgs } from "node:util";
import {
  CrashTrials,
  KINDS,
  OPS,
  type Op,
  PATHS,
  type Path,
  type TrialOutcome,
  VICTIMS,
  type Victim,
  describeTrial,
  trialsOf,
} from "../testing/crashTrials";
import { type Kind, Matrix, type Outcome, scenarios } from "../testing/faultMatrix";
import { gitops } from "./gitops";

const { values } = parseArgs({
  options: {
    markdown: { type: "boolean" },
    only: { type: "string" },
    fault: { type: "string" },
    part: { type: "string" },
    trials: { type: "string" },
    seed: { type: "string" },
    path: { type: "string" },
    op: { type: "string" },
    victim: { type: "string" },
    cycles: { type: "string", default: "500" },
    minutes: { type: "string" },
  },
});

const seed = Number(values.seed ?? Date.now() % 100_000);
/** No crash trial or GitOps cycle starts after this many minutes. */
const minutes = values.minutes === undefined ? Infinity : Number(values.minutes);

/** Prints a table as Markdown or as aligned text. */
function table(header: string[], rows: string[][]): void {
  if (values.markdown) {
    console.log(`| ${header.join(" | ")} |`);
    console.log(`|${header.map(() => " --- ").join("|")}|`);
    for (const row of rows) console.log(`| ${row.map((cell) => cell.replace(/\|/g, "\\|")).join(" | ")} |`);
  } else {
    const widths = header.map((_, c) => Math.min(60, Math.max(...[header, ...rows].map((row) => row[c].length))));
    for (const row of [header, ...rows])
      console.log(row.map((cell, c) => cell.slice(0, 60).padEnd(widths[c])).join("  "));
  }
}

async function matrix(): Promise<void> {
  const kinds = chosenKinds();
  const chosen = scenarios(
    ({ kind, fault }) => kinds.includes(kind) && (!values.fault || fault.name.includes(values.fault)),
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
  table(header, rows);
  const held = outcomes.filter((o) => o.problems.length === 0).length;
  console.log(
    `\n${held} of ${outcomes.length} scenarios held every invariant (${Math.round((Date.now() - started) / 1000)} s).`,
  );
  if (held !== outcomes.length) process.exitCode = 1;
}

/** The values an option allows, all of them when it is not given. */
function chosen<T extends string>(option: string | undefined, all: readonly T[]): T[] {
  if (option === undefined) return [...all];
  if (!all.includes(option as T)) throw new Error(`${option} is none of ${all.join(", ")}`);
  return [option as T];
}

/** The kinds `--only` names (a comma-separated list), every kind when it is not given. */
function chosenKinds(): Kind[] {
  if (values.only === undefined) return [...KINDS];
  return values.only.split(",").map((kind) => chosen<Kind>(kind.trim(), KINDS)[0]);
}

async function crashes(): Promise<void> {
  const count = Number(values.trials ?? 50);
  const trials = trialsOf(chosenKinds(), {
    count,
    seed,
    paths: chosen<Path>(values.path, PATHS),
    ops: chosen<Op>(values.op, OPS),
    victims: chosen<Victim>(values.victim, VICTIMS),
  });
  console.log(`\nCrash trials: ${count} per kind from seed ${seed} (${trials.length} in all).`);
  const runner = await CrashTrials.start();
  const outcomes: TrialOutcome[] = [];
  const started = Date.now();
  try {
    for (const [index, trial] of trials.entries()) {
      if (Date.now() - started >= minutes * 60_000) {
        console.log(`Out of time after ${minutes} minutes: ${index} of ${trials.length} trials ran.`);
        break;
      }
      const outcome = await runner.run(trial).catch((error: Error): TrialOutcome => ({
        trial,
        killAtMs: -1,
        killed: false,
        operationEnd: "",
        recovery: [],
        duplicates: 0,
        orphans: 0,
        problems: [`the trial could not run: ${error.message.slice(0, 300)}`],
        ms: 0,
      }));
      outcomes.push(outcome);
      const at = `${outcome.killed ? `killed at ${outcome.killAtMs} ms` : "ended before the kill"} (${outcome.operationEnd})`;
      const verdict = outcome.problems.length === 0 ? "held" : `FAILED: ${outcome.problems.join("; ")}`;
      process.stderr.write(
        `[${index + 1}/${trials.length}] ${describeTrial(trial)}: ${at}; ${outcome.recovery.join(", ")}; ${verdict}\n`,
      );
    }
  } finally {
    await runner.close();
  }
  const groups = new Map<string, TrialOutcome[]>();
  for (const outcome of outcomes) {
    const key = `${outcome.trial.kind} / ${outcome.trial.path}`;
    groups.set(key, [...(groups.get(key) ?? []), outcome]);
  }
  const row = (name: string, of: TrialOutcome[]) => [
    name,
    String(of.length),
    String(of.filter((o) => o.killed).length),
    String(of.filter((o) => o.problems.length === 0).length),
    String(of.reduce((sum, o) => sum + o.duplicates, 0)),
    String(of.reduce((sum, o) => sum + o.orphans, 0)),
    `${Math.round(of.reduce((sum, o) => sum + o.ms, 0) / 1000)} s`,
    [...new Set(of.flatMap((o) => o.problems))].join("; "),
  ];
  table(
    ["kind / path", "trials", "killed mid-operation", "held", "duplicates", "orphans", "time", "problems"],
    [...[...groups].map(([name, of]) => row(name, of)), row("total", outcomes)],
  );
  const held = outcomes.filter((o) => o.problems.length === 0).length;
  console.log(
    `\n${held} of ${outcomes.length} crash trials held every invariant (${Math.round((Date.now() - started) / 1000)} s).`,
  );
  if (held !== outcomes.length) process.exitCode = 1;
}

async function main(): Promise<void> {
  const parts = chosen(values.part, ["matrix", "crash", "gitops"] as const);
  if (parts.includes("matrix")) await matrix();
  if (parts.includes("crash")) await crashes();
  if (parts.includes("gitops")) {
    await gitops({
      cycles: Number(values.cycles),
      paths: chosen<Path>(values.path, PATHS),
      seed,
      minutes,
      markdown: !!values.markdown,
    });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
