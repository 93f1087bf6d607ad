import {
  DEFAULT_API_KEY,
  type EmulatorOptions,
  type LoggedRequest,
  type RunningEmulator,
  startEmulator,
} from "../emulator/index";

export { DEFAULT_API_KEY };

/** An emulator on a free loopback port, with helpers to call it as a client would. */
export class TestEmulator {
  private constructor(readonly emulator: RunningEmulator) {}

  static async start(options: EmulatorOptions = {}): Promise<TestEmulator> {
    return new TestEmulator(await startEmulator({ seed: 1, ...options }));
  }

  get url(): string {
    return this.emulator.url;
  }

  async call(
    method: string,
    path: string,
    body?: unknown,
    apiKey: string | null = DEFAULT_API_KEY,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const headers: Record<string, string> = {};
    if (apiKey !== null) headers.authorization = `Bearer ${apiKey}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(this.url + path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async control<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.emulator.rootUrl}/_emulator${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await response.json()) as T;
  }

  /** Waits until the event is settled, polling it as a client would. */
  async settle(eventId: string, apiKey = DEFAULT_API_KEY): Promise<Record<string, unknown>> {
    for (let i = 0; i < 200; i++) {
      const { body } = await this.call("GET", `/machine-events/${eventId}`, undefined, apiKey);
      if (body.dtFinished) return body;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`event ${eventId} did not settle`);
  }

  async requests(): Promise<LoggedRequest[]> {
    return (await this.control<{ requests: LoggedRequest[] }>("GET", "/requests")).requests;
  }

  /** The machines of the default team, as seeded. */
  machineIds(): string[] {
    return this.machines().map((machine) => machine.id);
  }

  machines() {
    return this.account().machines;
  }

  /** What the default team's account holds, by kind, as stored (not what a lingering read would show). */
  account() {
    const { store } = this.emulator.state;
    const team = store.teams()[0].id;
    return {
      scripts: store.startupScripts.list(team),
      snapshots: store.snapshots.list(team),
      templates: store.customTemplates.list(team),
      machines: store.machines.list(team),
      networks: store.privateNetworks.list(team),
      drives: store.sharedDrives.list(team),
      publicIps: store.publicIps.list(team),
      accessors: store.machineAccessors.list(team),
    };
  }

  /** The default team's machine seeded in this state (the defaults have one `ready`, one `off`). */
  machine(state: "ready" | "off"): string {
    const found = this.machines().find((machine) => machine.state === state);
    if (!found) throw new Error(`no ${state} machine`);
    return found.id;
  }

  close(): Promise<void> {
    return this.emulator.close();
  }
}
