/**
 * The refresh of a stack of the environment's kinds, from the emulator's request log: N private networks, N shared
 * drives (spread over the networks), N public IPs (as many of them assigned as there are machines, one each) and N
 * machine accesses, at `--parallel` the number of resources. The accesses are the team's two members (not its owner,
 * an admin, who needs no access) on N / 2 running machines, each (machine, user) pair once; the machines are the
 * emulator's, made beside the stack, so the refresh reads only the four kinds. Its requests by route and by kind, per
 * resource, and the requests of a no-change preview after it.
 */
import type { LoggedRequest } from "../emulator/index";
import { Bench, type Figure, type Plan, byRoute, fixed, matching, runIfMain, total } from "./support";

export const title = "Refresh of the environment's kinds";

/** Each kind, the key of its count in a plan, and the routes its reads take. */
const KINDS: [string, keyof Plan, [string, string][]][] = [
  [
    "PrivateNetwork",
    "networks",
    [
      ["GET", "/private-networks"],
      ["GET", "/private-networks/*"],
    ],
  ],
  [
    "SharedDrive",
    "drives",
    [
      ["GET", "/shared-drives"],
      ["GET", "/shared-drives/*"],
    ],
  ],
  ["PublicIp", "publicIps", [["GET", "/public-ips"]]],
  [
    "MachineAccess",
    "accesses",
    [
      ["GET", "/machines/*/accessors"],
      ["GET", "/machines/*/accessors/*"],
    ],
  ],
];

export async function run(each = 50): Promise<Figure[]> {
  const bench = await Bench.start();
  try {
    await bench.config({ eventDurationMs: 0 });
    const userIds = await teamMembers(bench);
    const plan: Plan = { networks: each, drives: each, publicIps: each, accesses: each, userIds };
    const n = total(plan);
    const stack = await bench.stack(plan);
    await stack.stack.up({ parallel: n });
    const refresh = await stack.measure((s) => s.refresh({ parallel: n }));
    const changed = Object.entries(refresh.result.summary.resourceChanges ?? {})
      .filter(([op]) => op !== "same")
      .reduce((sum, [, k]) => sum + (k ?? 0), 0);
    const preview = await stack.measure((s) => s.preview());
    await stack.stack.destroy({ parallel: n });
    await stack.stack.workspace.removeStack(stack.stack.name, { force: true });

    const machines = Math.ceil(each / userIds.length);
    const size = `${each} of each kind, ${n} resources, --parallel ${n}`;
    const figures: Figure[] = [];
    const counted = new Set<LoggedRequest>();
    for (const [kind, key, routes] of KINDS) {
      const count = plan[key] as number;
      const requests = routes.flatMap(([method, pattern]) => matching(refresh.requests, method, pattern));
      requests.forEach((r) => counted.add(r));
      const unshared = requests.length >= count ? ": one request per object, no read shared" : "";
      figures.push({
        figure: `refresh requests per ${kind} (${count}${kind === "MachineAccess" ? ` on ${machines} machines` : ""})`,
        value: `${fixed(requests.length / count)} (${byRoute(requests) || "none"})${unshared}`,
      });
    }
    const others = refresh.requests.filter((r) => !counted.has(r));
    figures.push({
      figure: "requests of that refresh not counted above",
      value: others.length === 0 ? "0" : `${others.length} (${byRoute(others)})`,
      goal: "0",
      met: others.length === 0,
    });
    const gets = refresh.requests.filter((r) => r.method === "GET").length;
    figures.push({
      figure: `requests per resource of a refresh (${size})`,
      value: `${fixed(refresh.requests.length / n)} (${gets} GET of ${refresh.requests.length})`,
      goal: "under 1, all GET",
      met: refresh.requests.length < n && gets === refresh.requests.length,
    });
    figures.push({ figure: "resources that refresh changed", value: String(changed), goal: "0", met: changed === 0 });
    figures.push({
      figure: `requests of a no-change preview after it (${n} resources)`,
      value: String(preview.requests.length),
      goal: "0",
      met: preview.requests.length === 0,
    });
    return figures;
  } finally {
    await bench.close();
  }
}

/** The team's members who are not its admins, as the API lists them (before anything is measured). */
async function teamMembers(bench: Bench): Promise<string[]> {
  const teamId = bench.emulator.emulator.state.store.teams()[0].id;
  const { status, body } = await bench.emulator.call("GET", `/teams/${teamId}/users?role=member`);
  if (status !== 200) throw new Error(`GET /teams/${teamId}/users answered ${status}`);
  return (body.items as { user: { id: string } }[]).map((membership) => membership.user.id);
}

runIfMain(module, title, run);
