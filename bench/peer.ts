/**
 * A peer, side by side: 50 custom templates made the way a user without this package makes them with the `pspace`
 * CLI, which never waits: a loop of create commands, then a loop that checks each event in turn until it is done
 * (every second, as a shell `sleep 1` loop would); and the stricter script that waits for each template before making
 * the next. Against `pulumi up` of the same 50 templates with this package, at the CLI's default parallelism and at
 * `--parallel 50`. Events of 3 s, then the realistic template-create time (45 s) for the create-all script and
 * `--parallel 50`. All against one emulator, in this one run.
 */
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { PROFILES } from "../emulator/index";
import { DEFAULT_API_KEY } from "../testing/emulator";
import { Bench, type Figure, fixed, runIfMain } from "./support";

const TEMPLATES = 50;
const SHORT_EVENT_MS = 3_000;
const POLL_EVERY_MS = 1_000;

export const title = "A peer, side by side";

export async function run(): Promise<Figure[]> {
  const bench = await Bench.start();
  const api = peerApi(bench.emulator.url);
  const plan = { templates: TEMPLATES };
  const pulumiUp = async (parallel?: number) => {
    const stack = await bench.stack(plan);
    const { seconds } = await stack.measure((s) => s.up(parallel ? { parallel } : {}));
    await stack.destroy();
    return seconds;
  };
  const createAllThenPoll = async () => {
    const machines = (await bench.machinesFor(plan)).offMachineIds;
    return timed(async () => {
      const events: string[] = [];
      for (const [i, machineId] of machines.entries()) events.push(await api.createTemplate(machineId, `peer-${i}`));
      for (const event of events) await api.waitPolling(event);
    });
  };
  const oneAtATime = async () => {
    const machines = (await bench.machinesFor(plan)).offMachineIds;
    return timed(async () => {
      for (const [i, machineId] of machines.entries()) {
        await api.waitPolling(await api.createTemplate(machineId, `peer-serial-${i}`));
      }
    });
  };
  const ratio = (figure: string, peer: number, ours: number): Figure => ({
    figure,
    value: `${fixed(peer / ours)} (${fixed(peer, 1)} s vs ${fixed(ours, 1)} s)`,
  });
  try {
    await bench.config({ eventDurations: { "template-create": SHORT_EVENT_MS } });
    const ours = await pulumiUp();
    const oursParallel = await pulumiUp(TEMPLATES);
    const peerAll = await createAllThenPoll();
    const peerSerial = await oneAtATime();

    const realisticMs = Number(PROFILES.realistic["template-create"]);
    await bench.config({ eventDurations: { "template-create": realisticMs } });
    const oursRealistic = await pulumiUp(TEMPLATES);
    const peerRealistic = await createAllThenPoll();
    const short = `${SHORT_EVENT_MS / 1000} s events`;
    return [
      ratio(`${short}: pspace-style create all, then poll each in turn ÷ pulumi up`, peerAll, ours),
      ratio(
        `${short}: pspace-style create all, then poll each in turn ÷ pulumi up --parallel 50`,
        peerAll,
        oursParallel,
      ),
      ratio(`${short}: pspace-style create and wait, one at a time ÷ pulumi up`, peerSerial, ours),
      ratio(
        `${realisticMs / 1000} s events: pspace-style create all, then poll each in turn ÷ pulumi up --parallel 50`,
        peerRealistic,
        oursRealistic,
      ),
    ];
  } finally {
    await bench.close();
  }
}

/** The two calls the peer's script makes, as the `pspace` CLI makes them. */
function peerApi(url: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${DEFAULT_API_KEY}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { state?: string; event?: { id: string } };
  };
  return {
    async createTemplate(machineId: string, name: string): Promise<string> {
      return (await call("POST", "/custom-templates", { machineId, name })).event!.id;
    },
    async waitPolling(eventId: string): Promise<void> {
      while ((await call("GET", `/machine-events/${eventId}`)).state !== "done") await sleep(POLL_EVERY_MS);
    },
  };
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

runIfMain(module, title, run);
