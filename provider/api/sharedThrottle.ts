import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { Sema } from "async-sema";
import { lock } from "proper-lockfile";
import { Throttle, type ThrottleState, sleep } from "./throttle";

/** A file no process has written for this long is another run's: it is not followed. */
const SHARED_FOR_MS = 60_000;

/**
 * The lock around each step. A step holds it for well under a millisecond; a lock left by a killed process is taken
 * over once it is `stale` ms old, and the retries outlast that.
 */
const LOCK_OPTIONS = {
  realpath: false,
  stale: 2_000,
  retries: { retries: 1_000, factor: 1, minTimeout: 3, maxTimeout: 3 },
  // The lock only orders the steps; losing it (a stalled process) must not end the run.
  onCompromised: () => {},
};

/** The user's cache folder, as each platform keeps one: where the processes of one user meet. */
export function userCacheDir(): string {
  if (process.env.XDG_CACHE_HOME) return process.env.XDG_CACHE_HOME;
  if (process.platform === "darwin") return join(homedir(), "Library", "Caches");
  if (process.platform === "win32" && process.env.LOCALAPPDATA) return process.env.LOCALAPPDATA;
  return join(homedir(), ".cache");
}

/** Where the processes keep the throttle of one API and key: named by a hash, so that neither is written. */
export function throttleFile(baseUrl: string, apiKey: string, cacheDir = userCacheDir()): string {
  const name = createHash("sha256").update(`${baseUrl}\n${apiKey}`).digest("hex").slice(0, 32);
  return join(cacheDir, "pulumi-paperspace", "throttle", `${name}.json`);
}

/**
 * The throttle (see Throttle) of one API and key, for every process of this user that calls them.
 *
 * The stacks a team runs side by side with one key each have a provider process; each one finding the limit alone,
 * they herd: every process's 429s hold only itself, and the others' requests meet the limit again. So, once any of
 * them is refused, the throttle lives in a file in the user's cache folder, and every step of it (a request's place,
 * an answer, a 429) is taken under a lock on the file: one hold, one pace and one queue of places for all of them.
 * Until then each process goes alone, and before each request only looks whether another has written the file in the
 * last minute (a `stat`), joining it if so. A process that joined keeps to the file until it ends: left alone again,
 * the processes would herd again. If the file cannot be kept, the process throttles alone.
 */
export class SharedThrottle {
  private local = new Throttle();
  /** One of this process's steps at a time holds the file's lock (see inTurn). */
  private readonly turn = new Sema(1);
  private joined = false;

  constructor(private file: string | undefined) {}

  async acceptedAt(time: number): Promise<void> {
    await this.step((throttle) => throttle.acceptedAt(time));
  }

  async limitedAt(time: number, resumeAt: number): Promise<void> {
    if (!this.joined) await this.join();
    await this.step((throttle) => throttle.limitedAt(time, resumeAt));
  }

  /** Resolves when a request may start: after any hold, and at its place in the pace (see Throttle.wait). */
  async wait(): Promise<void> {
    for (;;) {
      if (!this.joined) await this.joinIfLimited();
      const step = await this.step((throttle) => throttle.step(Date.now()));
      if (step.sleepMs <= 0) return;
      await sleep(step.sleepMs);
      if (step.placed && (await this.step((throttle) => throttle.state.holds)) === step.holds) return;
    }
  }

  /** Runs one step of the throttle: this process's own, or, once joined, the file's under its lock. */
  private async step<T>(take: (throttle: Throttle) => T): Promise<T> {
    if (!this.joined) return take(this.local);
    return this.inTurn(
      (file) => {
        const throttle = new Throttle(readState(file) ?? this.local.state);
        const result = take(throttle);
        writeState(file, throttle.state);
        return result;
      },
      () => take(this.local),
    );
  }

  /** Moves this process's throttle into the file, into the one there if another process wrote it lately. */
  private async join(): Promise<void> {
    await this.inTurn(
      (file) => {
        if (this.joined) return;
        const shared = isLive(file) ? readState(file) : undefined;
        const state = shared ? withAccepted(shared, this.local.state.accepted) : this.local.state;
        writeState(file, state);
        this.joined = true;
      },
      () => undefined,
    );
  }

  /**
   * Runs `use` under the file's lock, this process's callers one at a time (so that they queue here rather than retry
   * on the lock). If the file cannot be kept, the process throttles alone from then on, and `alone` answers.
   */
  private async inTurn<T>(use: (file: string) => T | Promise<T>, alone: () => T): Promise<T> {
    await this.turn.acquire();
    try {
      if (!this.file) return alone();
      const file = this.file;
      try {
        mkdirSync(dirname(file), { recursive: true });
        const release = await lock(file, LOCK_OPTIONS);
        try {
          return await use(file);
        } finally {
          await release();
        }
      } catch {
        this.joined = false;
        this.file = undefined;
        return alone();
      }
    } finally {
      this.turn.release();
    }
  }

  /** Joins when another process is throttled (has written the file lately). */
  private async joinIfLimited(): Promise<void> {
    if (this.file && isLive(this.file)) await this.join();
  }
}

function isLive(file: string): boolean {
  try {
    return statSync(file).mtimeMs >= Date.now() - SHARED_FOR_MS;
  } catch {
    return false; // no process has been refused
  }
}

/** The file's state; undefined when there is none or it is not one (another version's, or hand-edited). */
function readState(file: string): ThrottleState | undefined {
  try {
    const state = JSON.parse(readFileSync(file, "utf8")) as ThrottleState;
    const numbers = [state.resumeAt, state.paceSetAt, state.nextStart, state.holds, state.lastLimitedAt];
    const valid =
      numbers.every((n) => typeof n === "number") &&
      (state.pace === null || typeof state.pace === "number") &&
      Array.isArray(state.accepted);
    return valid ? state : undefined;
  } catch {
    return undefined;
  }
}

/** Writes through a rename, so that a reader (or a process killed mid-write) never leaves half a state. */
function writeState(file: string, state: ThrottleState): void {
  const temporary = `${file}.${process.pid}`;
  writeFileSync(temporary, JSON.stringify(state));
  renameSync(temporary, file);
}

function withAccepted(state: ThrottleState, accepted: number[]): ThrottleState {
  return { ...state, accepted: [...state.accepted, ...accepted].sort((a, b) => a - b) };
}
