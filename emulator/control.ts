import type { FastifyInstance } from "fastify";
import { EmulatorError, apiError } from "./errors";
import { OptionError, deleteLagOption, eventDurationsOption, quirksOption, rateLimitOption } from "./options";
import { viewTemplate } from "./routes/customTemplates";
import { viewEvent, viewMachine } from "./routes/machines";
import { viewSnapshot } from "./routes/snapshots";
import { view as viewScript } from "./routes/startupScripts";
import type { EmulatorState } from "./state";
import { MACHINE_STATES, type MachineState, type Team } from "./store";

/** The control API, beside the Paperspace API: state, machines, faults, timing, the request log, health. */
export function registerControlRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get("/_emulator/health", async () => ({ status: "ok", seed: state.seed }));

  app.post("/_emulator/reset", async () => {
    state.reset();
    return { reset: true };
  });

  /** Every object, by team, as the API shows it; startup scripts also show their body. */
  app.get("/_emulator/state", async () => {
    state.events.advance();
    const { store } = state;
    return {
      seed: state.seed,
      teams: store.teams().map((team) => ({
        id: team.id,
        name: team.name,
        machines: store.machines.list(team.id).map(viewMachine),
        startupScripts: store.startupScripts.list(team.id).map((s) => ({ ...viewScript(s), script: s.script })),
        customTemplates: store.customTemplates.list(team.id).map(viewTemplate),
        snapshots: store.snapshots.list(team.id).map(viewSnapshot),
        machineEvents: store.machineEvents.list(team.id).map(viewEvent),
      })),
    };
  });

  /** The API requests served so far (`?since=<seq>` for the ones after a point). */
  app.get<{ Querystring: { since?: string } }>("/_emulator/requests", async (request) => {
    const since = Number(request.query.since ?? 0);
    return { requests: state.requests.filter((entry) => entry.seq > since) };
  });

  /** A new machine, in the team of `apiKey` (else the default team), answered as `GET /machines/{id}` would. */
  app.post<{ Body: { name?: unknown; state?: unknown; apiKey?: unknown } }>("/_emulator/machines", async (request) => {
    const body = request.body ?? {};
    if (typeof body.name !== "string" || body.name.length === 0) throw apiError.badRequest("name is required", "name");
    const team = teamOf(state, body.apiKey);
    return viewMachine(state.addMachine(team.id, { name: body.name, state: machineState(body.state ?? "off") }));
  });

  /** Sets a machine's state, as if the platform had moved it. */
  app.patch<{ Params: { id: string }; Body: { state?: unknown } }>("/_emulator/machines/:id", async (request) => {
    const found = findMachine(state, request.params.id);
    const next = machineState(request.body?.state);
    return viewMachine(state.store.machines.put({ ...found, state: next, dtModified: state.now() }));
  });

  /** Deletes a machine; its snapshots go with it. */
  app.delete<{ Params: { id: string } }>("/_emulator/machines/:id", async (request) => {
    const found = findMachine(state, request.params.id);
    return viewMachine(state.deleteMachine(found.teamId, found.id) ?? found);
  });

  app.get("/_emulator/faults", async () => ({ rules: state.faults.list() }));
  app.post("/_emulator/faults", async (request) => ({ rules: state.faults.add(request.body) }));
  /** Clears the rules; events a `stuck` rule held finish as planned from now on, as when the platform recovers. */
  app.delete("/_emulator/faults", async () => {
    state.faults.clear();
    state.events.releaseStuck();
    return { rules: [] };
  });

  app.get("/_emulator/quirks", async () => quirksView(state));
  /** Turns quirks on (`{ "quirks": "all" }` or a list; `[]` turns them off) and sets the delete lag. */
  app.post("/_emulator/quirks", async (request) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const quirks = body.quirks === undefined ? undefined : option(() => quirksOption(body.quirks, "quirks"));
    const lag =
      body.deleteLagMs === undefined ? undefined : option(() => deleteLagOption(body.deleteLagMs, "deleteLagMs"));
    if (quirks) state.quirks = new Set(quirks);
    if (lag !== undefined) state.deleteLagMs = lag;
    return quirksView(state);
  });

  app.get("/_emulator/config", async () => configView(state));
  /** Changes event timing (`profile`, `eventDurationMs`, `eventDurations`) and the rate limit at run time. */
  app.post("/_emulator/config", async (request) => {
    applyConfig(state, (request.body ?? {}) as Record<string, unknown>);
    return configView(state);
  });
}

function configView(state: EmulatorState) {
  return { eventDurations: state.eventDurations, rateLimit: state.rateLimiter?.config ?? null };
}

function quirksView(state: EmulatorState) {
  return { quirks: [...state.quirks], deleteLagMs: state.deleteLagMs };
}

function applyConfig(state: EmulatorState, body: Record<string, unknown>): void {
  option(() => {
    const durations = eventDurationsOption(state.eventDurations, body, (name) => name);
    if (body.rateLimit !== undefined) state.setRateLimit(rateLimitOption(body.rateLimit, "rateLimit"));
    state.eventDurations = durations;
  });
}

/** Runs an option's check; a refusal is a 400 naming the option. */
function option<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof OptionError) throw apiError.badRequest(error.message, error.option);
    throw error;
  }
}

function machineState(value: unknown): MachineState {
  if (typeof value === "string" && MACHINE_STATES.includes(value as MachineState)) return value as MachineState;
  throw apiError.badRequest(`state must be one of ${MACHINE_STATES.join(", ")}`, "state");
}

function teamOf(state: EmulatorState, apiKey: unknown): Team {
  if (apiKey === undefined) return state.store.teams()[0];
  const team = typeof apiKey === "string" ? state.store.teamForKey(apiKey) : undefined;
  if (!team) throw new EmulatorError("BAD_REQUEST", "apiKey belongs to no team", { field: "apiKey" });
  return team;
}

function findMachine(state: EmulatorState, id: string) {
  for (const team of state.store.teams()) {
    const machine = state.store.machines.get(team.id, id);
    if (machine) return machine;
  }
  throw apiError.notFound(`Machine ${id}`);
}
