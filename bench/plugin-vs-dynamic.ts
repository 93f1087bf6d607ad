/**
 * The provider plugin against the dynamic resources, on the same stack: N resources of the four kinds (immediate
 * events), declared once by the `scale` fixture program (TypeScript, dynamic resources) and once by a Pulumi YAML
 * program of the same resources (the plugin). For each: `up`, a no-change `preview` and a `refresh`, interleaved over
 * rounds against one emulator, each figure the median of its rounds, with the provider process's peak memory.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { installPlugin, scratchDir, stackIn } from "../testing/pulumi";
import { DEFAULT_API_KEY } from "../testing/emulator";
import { Bench, BenchStack, type Figure, type Plan, fixed, mix, quantile, runIfMain, total } from "./support";

const ROUNDS = 3;

export const title = "Provider plugin vs dynamic resources";

/** A Pulumi YAML program that declares `plan` as the `scale` fixture does, on these machines. */
export function yamlProgram(plan: Plan, machines: { runningMachineIds: string[]; offMachineIds: string[] }): string {
  const { runningMachineIds: running, offMachineIds: off } = machines;
  const resources: Record<string, unknown> = {};
  const scripts = plan.scripts ?? 0;
  for (let i = 0; i < scripts; i++) {
    resources[`script-${i}`] = {
      type: "paperspace:index:StartupScript",
      properties: { script: `#!/bin/bash\necho ${i}` },
    };
  }
  for (let i = 0; i < (plan.assignments ?? 0); i++) {
    resources[`assignment-${i}`] = {
      type: "paperspace:index:StartupScriptAssignment",
      properties: {
        startupScriptId: `\${script-${i % scripts}.id}`,
        machineId: running[Math.floor(i / scripts) % running.length],
      },
    };
  }
  for (let i = 0; i < (plan.snapshots ?? 0); i++) {
    resources[`snapshot-${i}`] = {
      type: "paperspace:index:Snapshot",
      properties: { machineId: running[i % running.length] },
    };
  }
  for (let i = 0; i < (plan.templates ?? 0); i++) {
    resources[`template-${i}`] = {
      type: "paperspace:index:CustomTemplate",
      properties: { machineId: off[i % off.length] },
    };
  }
  for (let i = 0; i < (plan.machines ?? 0); i++) {
    resources[`machine-${i}`] = {
      type: "paperspace:index:Machine",
      properties: { templateId: plan.templateId, machineType: "A4000", region: "ny2", diskSize: 50 },
    };
  }
  return stringify({ name: "scale-yaml", runtime: "yaml", resources });
}

/** A stack of the YAML program, served by the plugin installed into its own PULUMI_HOME. */
export async function pluginStack(bench: Bench, plan: Plan): Promise<{ stack: BenchStack; cleanup(): void }> {
  const program = yamlProgram(plan, await bench.machinesFor(plan));
  return yamlStack(bench, program, "resource-paperspace", installPlugin);
}

/**
 * A stack of a YAML program in a folder of its own, configured for the bench's emulator; `install` prepares its
 * PULUMI_HOME, and `provider` is what the provider process's command line holds.
 */
export async function yamlStack(
  bench: Bench,
  program: string,
  provider: string,
  install: (stateDir: string) => Promise<void> = async () => {},
): Promise<{ stack: BenchStack; cleanup(): void }> {
  const scratch = scratchDir("bench-plugin");
  const workDir = join(scratch.dir, "program");
  const stateDir = join(scratch.dir, "state");
  mkdirSync(workDir, { recursive: true });
  writeFileSync(join(workDir, "Pulumi.yaml"), program);
  await install(stateDir);
  const stack = await stackIn(workDir, stateDir, "plugin");
  await stack.setConfig("paperspace:apiUrl", { value: bench.emulator.url });
  await stack.setConfig("paperspace:apiKey", { value: DEFAULT_API_KEY, secret: true });
  return { stack: new BenchStack(bench, stack, workDir, stateDir, provider), cleanup: scratch.cleanup };
}

export async function run(n = 100): Promise<Figure[]> {
  const bench = await Bench.start();
  const plan = mix(n);
  const plugin = await pluginStack(bench, plan);
  try {
    await bench.config({ eventDurationMs: 0 });
    const dynamic = await bench.stack(plan);
    const sides = { dynamic, plugin: plugin.stack };
    const operations = ["up", "preview", "refresh"] as const;
    const seconds = Object.fromEntries(
      operations.map((op) => [op, { dynamic: [] as number[], plugin: [] as number[] }]),
    );
    const memory = Object.fromEntries(
      operations.map((op) => [op, { dynamic: [] as number[], plugin: [] as number[] }]),
    );
    for (let round = 0; round < ROUNDS; round++) {
      for (const [side, stack] of Object.entries(sides) as ["dynamic" | "plugin", BenchStack][]) {
        // Each round's up makes the stack from nothing, so that every round measures the same work.
        const runs = {
          up: () => stack.measure((s) => s.up()),
          preview: () => stack.measure((s) => s.preview({ expectNoChanges: true })),
          refresh: () => stack.measure((s) => s.refresh()),
        };
        for (const operation of operations) {
          const measured = await runs[operation]();
          seconds[operation][side].push(measured.seconds);
          memory[operation][side].push(measured.peakProviderMb);
        }
        await stack.stack.destroy();
      }
    }
    const median = (values: number[]) => quantile(values, 0.5);
    return operations.map((operation) => {
      const s = seconds[operation];
      const m = memory[operation];
      return {
        figure: `${operation} of ${total(plan)}: plugin (YAML program) vs dynamic resources (TypeScript program)`,
        value:
          `${fixed(median(s.plugin), 1)} s vs ${fixed(median(s.dynamic), 1)} s (${fixed(median(s.plugin) / median(s.dynamic))}); ` +
          `provider process peak ${fixed(median(m.plugin), 0)} MiB vs ${fixed(median(m.dynamic), 0)} MiB, median of ${ROUNDS}`,
      };
    });
  } finally {
    await bench.close();
    plugin.cleanup();
  }
}

runIfMain(module, title, run);
