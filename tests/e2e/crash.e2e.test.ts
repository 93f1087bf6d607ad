import { CrashTrials, type Trial, describeTrial } from "../../testing/crashTrials";

jest.setTimeout(300_000);

/**
 * A few seeded crash trials per path (testing/crashTrials.ts; `npm run reliability` runs 50 per kind): the provider
 * process or the `pulumi` CLI killed with SIGKILL mid-create, mid-update and mid-delete, then the user's recovery
 * (`pulumi up`, `pulumi cancel` where it says the stack is locked, `pulumi refresh --clear-pending-creates` where it
 * reports pending creates). Then the account must hold exactly what the program declares, none twice and none the
 * stack does not hold, `refresh` then `preview --expect-no-changes` must show nothing, and `destroy` must leave
 * nothing. The seeds are chosen so that each kill lands inside its operation: a create answered after the API made
 * the object, a template's or a machine's event still running, a rename or a delete not yet answered. The dynamic
 * trials share kinds, since each kind's crash-free reference run costs as much as a trial.
 */
const TRIALS: Trial[] = [
  { kind: "CustomTemplate", path: "dynamic", op: "create", victim: "cli", seed: 9 },
  { kind: "StartupScript", path: "dynamic", op: "create", victim: "provider", seed: 8 },
  { kind: "StartupScript", path: "dynamic", op: "update", victim: "cli", seed: 12 },
  { kind: "StartupScript", path: "dynamic", op: "delete", victim: "provider", seed: 18 },
  { kind: "Machine", path: "plugin", op: "create", victim: "provider", seed: 15 },
  { kind: "SharedDrive", path: "plugin", op: "create", victim: "cli", seed: 9 },
  { kind: "CustomTemplate", path: "plugin", op: "update", victim: "provider", seed: 19 },
  { kind: "StartupScript", path: "plugin", op: "delete", victim: "cli", seed: 14 },
];

let trials: CrashTrials;
beforeAll(async () => {
  trials = await CrashTrials.start();
});
afterAll(() => trials?.close());

test.each(TRIALS.map((trial) => [describeTrial(trial), trial] as const))("%s", async (_name, trial) => {
  const outcome = await trials.run(trial);
  expect(outcome.killed).toBe(true);
  expect(outcome.problems).toEqual([]);
  expect({ duplicates: outcome.duplicates, orphans: outcome.orphans }).toEqual({ duplicates: 0, orphans: 0 });
});
