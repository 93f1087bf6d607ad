import { apiError } from "./errors";
import { Random } from "./random";
import type { EventOutcome } from "./events";

/** What a fault does to the request it hits. */
export type FaultEffect =
  | { status: number }
  | { retryAfter: number }
  | { delayMs: number }
  | { answerDelayMs: number }
  | { drop: "before" | "after" }
  | { event: Exclude<EventOutcome, "done"> }
  | { noCapacity: true };

/**
 * A fault rule, as `POST /_emulator/faults` takes it: which requests (`method`, `path` with `*` for one segment and
 * `**` for any number), how often (`count`: the next N matches; `probability`: each match with that chance; neither:
 * every match), and one effect.
 */
export interface FaultRule {
  method: string;
  path: string;
  count?: number;
  probability?: number;
  effect: FaultEffect;
}

interface ActiveRule extends FaultRule {
  pattern: RegExp;
  hits: number;
}

const EFFECT_KEYS = ["status", "retryAfter", "delayMs", "answerDelayMs", "drop", "event", "noCapacity"] as const;
const EVENT_OUTCOMES = ["error", "cancelled", "transient-error", "stuck"];
const METHODS = ["*", "GET", "POST", "PUT", "PATCH", "DELETE"];

/** The rules in force and the seeded random source their probabilities draw from. */
export class Faults {
  private rules: ActiveRule[] = [];
  private random = new Random(0);

  /** Adds rules given in the wire shape; refuses the whole request, naming the field, if one is malformed. */
  add(body: unknown): FaultRule[] {
    const { seed, rules } = (body ?? {}) as { seed?: unknown; rules?: unknown };
    if (seed !== undefined && (typeof seed !== "number" || !Number.isInteger(seed))) {
      throw apiError.badRequest("seed must be an integer", "seed");
    }
    if (!Array.isArray(rules)) throw apiError.badRequest("rules must be an array", "rules");
    const parsed = rules.map((rule, index) => parseRule(rule, `rules[${index}]`));
    if (seed !== undefined) this.random = new Random(seed);
    this.rules.push(...parsed.map((rule) => ({ ...rule, pattern: pathPattern(rule.path), hits: 0 })));
    return this.list();
  }

  clear(): void {
    this.rules = [];
  }

  list(): (FaultRule & { hits: number })[] {
    return this.rules.map(({ pattern: _pattern, ...rule }) => rule);
  }

  /** The effect for this request, if a rule fires; a fired `count` rule is used up. */
  match(method: string, path: string): FaultEffect | undefined {
    for (const rule of this.rules) {
      if (rule.method !== "*" && rule.method !== method) continue;
      if (!rule.pattern.test(path)) continue;
      if (rule.count !== undefined && rule.hits >= rule.count) continue;
      if (rule.probability !== undefined && this.random.next() >= rule.probability) continue;
      rule.hits += 1;
      return rule.effect;
    }
    return undefined;
  }
}

function pathPattern(path: string): RegExp {
  const segments = path
    .split("/")
    .map((segment) =>
      segment === "**" ? ".*" : segment === "*" ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    );
  return new RegExp(`^${segments.join("/")}$`);
}

function parseRule(raw: unknown, at: string): FaultRule {
  if (!raw || typeof raw !== "object") throw apiError.badRequest(`${at} must be an object`, at);
  const rule = raw as Record<string, unknown>;
  const method = typeof rule.method === "string" ? rule.method.toUpperCase() : rule.method;
  if (typeof method !== "string" || !METHODS.includes(method)) {
    throw apiError.badRequest(`${at}.method must be one of ${METHODS.join(", ")}`, `${at}.method`);
  }
  if (typeof rule.path !== "string" || !rule.path.startsWith("/")) {
    throw apiError.badRequest(`${at}.path must be a path starting with /`, `${at}.path`);
  }
  if (rule.count !== undefined && (!Number.isInteger(rule.count) || (rule.count as number) < 1)) {
    throw apiError.badRequest(`${at}.count must be a positive integer`, `${at}.count`);
  }
  const probability = rule.probability;
  if (probability !== undefined && (typeof probability !== "number" || probability < 0 || probability > 1)) {
    throw apiError.badRequest(`${at}.probability must be a number from 0 to 1`, `${at}.probability`);
  }
  if (rule.count !== undefined && probability !== undefined) {
    throw apiError.badRequest(`${at} takes count or probability, not both`, `${at}.count`);
  }
  const given = EFFECT_KEYS.filter((key) => rule[key] !== undefined);
  if (given.length !== 1) {
    throw apiError.badRequest(`${at} must have exactly one effect of ${EFFECT_KEYS.join(", ")}`, at);
  }
  return {
    method,
    path: rule.path,
    count: rule.count as number | undefined,
    probability: probability as number | undefined,
    effect: parseEffect(given[0], rule[given[0]], `${at}.${given[0]}`),
  };
}

function parseEffect(key: (typeof EFFECT_KEYS)[number], value: unknown, at: string): FaultEffect {
  const positive = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v >= 0;
  switch (key) {
    case "status":
      if (!Number.isInteger(value) || (value as number) < 400 || (value as number) > 599) {
        throw apiError.badRequest(`${at} must be an HTTP error status (400..599)`, at);
      }
      return { status: value as number };
    case "retryAfter":
      if (!positive(value)) throw apiError.badRequest(`${at} must be a number of seconds`, at);
      return { retryAfter: value as number };
    case "delayMs":
      if (!positive(value)) throw apiError.badRequest(`${at} must be a number of milliseconds`, at);
      return { delayMs: value as number };
    case "answerDelayMs":
      if (!positive(value)) throw apiError.badRequest(`${at} must be a number of milliseconds`, at);
      return { answerDelayMs: value as number };
    case "drop":
      if (value !== "before" && value !== "after") throw apiError.badRequest(`${at} must be "before" or "after"`, at);
      return { drop: value };
    case "event":
      if (typeof value !== "string" || !EVENT_OUTCOMES.includes(value)) {
        throw apiError.badRequest(`${at} must be one of ${EVENT_OUTCOMES.join(", ")}`, at);
      }
      return { event: value as Exclude<EventOutcome, "done"> };
    case "noCapacity":
      if (value !== true) throw apiError.badRequest(`${at} must be true`, at);
      return { noCapacity: true };
  }
}
