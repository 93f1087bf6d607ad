import type { FastifyInstance } from "fastify";
import { view } from "./routes/startupScripts";
import type { EmulatorState } from "./state";

/** The control API, beside the Paperspace API: reset, inspect state, read the request log, health. */
export function registerControlRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get("/_emulator/health", async () => ({ status: "ok", seed: state.seed }));

  app.post("/_emulator/reset", async () => {
    state.reset();
    return { reset: true };
  });

  /** Every object, by team, as the API shows it; startup scripts also show their body. */
  app.get("/_emulator/state", async () => ({
    seed: state.seed,
    teams: state.store.teams().map((team) => ({
      id: team.id,
      name: team.name,
      machines: state.store.machines.list(team.id).map(({ teamId: _teamId, ...machine }) => machine),
      startupScripts: state.store.startupScripts
        .list(team.id)
        .map((record) => ({ ...view(record), script: record.script })),
    })),
  }));

  /** The API requests served so far (`?since=<seq>` for the ones after a point). */
  app.get<{ Querystring: { since?: string } }>("/_emulator/requests", async (request) => {
    const since = Number(request.query.since ?? 0);
    return { requests: state.requests.filter((entry) => entry.seq > since) };
  });
}
