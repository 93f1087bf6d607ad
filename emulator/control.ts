import type { FastifyInstance } from "fastify";
import type { Owned } from "./collection";
import { apiError } from "./errors";
import type { Kind } from "./kind";
import { KINDS } from "./kinds";
import {
  OptionError,
  deleteLagOption,
  eventDurationsOption,
  quirksOption,
  rateLimitOption,
  wireFormOption,
} from "./options";
import type { EmulatorState } from "./state";
import type { CollectionName } from "./store";

const kinds: readonly Kind<EmulatorState>[] = KINDS;

/** The control API, beside the Paperspace API: state, faults, timing, the request log, health, and the kinds' own. */
export function registerControlRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get("/_emulator/health", async () => ({ status: "ok", seed: state.seed }));

  app.post("/_emulator/reset", async () => {
    state.reset();
    return { reset: true };
  });

  /** Every stored object, by team and by kind, as each kind's control view shows it. */
  app.get("/_emulator/state", async () => {
    state.events.advance();
    const { store } = state;
    return {
      seed: state.seed,
      teams: store.teams().map((team) => ({
        id: team.id,
        name: team.name,
        ...Object.fromEntries(
          kinds.flatMap((kind) => {
            if (!kind.collection) return [];
            const records: Owned[] = store[kind.collection as CollectionName].list(team.id);
            return [[kind.collection, records.map((record) => kind.controlView(record))]];
          }),
        ),
      })),
    };
  });

  /** The API requests served so far (`?since=<seq>` for the ones after a point). */
  app.get<{ Querystring: { since?: string } }>("/_emulator/requests", async (request) => {
    const since = Number(request.query.since ?? 0);
    return { requests: state.requests.filter((entry) => entry.seq > since) };
  });

  for (const kind of kinds) kind.controlRoutes?.(app, state);

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
  /** Changes event timing (`profile`, `eventDurationMs`, `eventDurations`), the rate limit and the wire form at run time. */
  app.post("/_emulator/config", async (request) => {
    applyConfig(state, (request.body ?? {}) as Record<string, unknown>);
    return configView(state);
  });
}

function configView(state: EmulatorState) {
  return {
    eventDurations: state.eventDurations,
    rateLimit: state.rateLimiter?.config ?? null,
    wireForm: state.wireForm,
  };
}

function quirksView(state: EmulatorState) {
  return { quirks: [...state.quirks], deleteLagMs: state.deleteLagMs };
}

function applyConfig(state: EmulatorState, body: Record<string, unknown>): void {
  option(() => {
    const durations = eventDurationsOption(state.eventDurations, body, (name) => name);
    const wireForm = body.wireForm === undefined ? undefined : wireFormOption(body.wireForm, "wireForm");
    if (body.rateLimit !== undefined) state.setRateLimit(rateLimitOption(body.rateLimit, "rateLimit"));
    state.eventDurations = durations;
    if (wireForm) state.wireForm = wireForm;
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
