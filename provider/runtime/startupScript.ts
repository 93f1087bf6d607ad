import type * as pulumi from "@pulumi/pulumi";
import { LIMITS } from "../../contract/paperspace-api";
import type { PaperspaceClient } from "../api/client";
import { PaperspaceError } from "../api/errors";
import type { StartupScript as ApiStartupScript, StartupScriptUpdateRequest } from "../api/types";
import type { StartupScriptInputs, StartupScriptOutputs } from "../resources/startupScript";
import {
  COMMON_KEYS,
  type CheckFailure,
  checkBoolean,
  checkId,
  checkNameOrAutoName,
  checkTimeouts,
  isUnknown,
  typeOf,
  unknownProperties,
} from "./check";
import {
  PartialCreateError,
  client,
  createOnce,
  madeSince,
  plain,
  sha256,
  settingsChanged,
  storedWithoutRequest,
  unlessNotFound,
} from "./common";
import { MINUTE, deadline } from "./timeouts";

/** The legacy API's limit, which the v1 API is taken to keep. */
export const SCRIPT_MAX_BYTES = LIMITS.scriptMaxBytes;

const INPUT_KEYS = ["script", "name", "isRunOnce", "isEnabled", "autoName", ...COMMON_KEYS];

/** Scripts answer at once; these bound the retries of a bad day. */
export const TIMEOUTS = { create: 5 * MINUTE, update: 5 * MINUTE, delete: 5 * MINUTE };

export async function check(
  _olds: Partial<StartupScriptInputs>,
  news: Partial<StartupScriptInputs>,
): Promise<pulumi.dynamic.CheckResult<StartupScriptInputs>> {
  const failures: CheckFailure[] = [
    ...unknownProperties(news, INPUT_KEYS),
    ...checkScript(news.script),
    ...checkNameOrAutoName(news),
    ...checkBoolean(news.isRunOnce, "isRunOnce"),
    ...checkBoolean(news.isEnabled, "isEnabled"),
    ...checkId(news.adoptId, "adoptId", { required: false }),
    ...checkTimeouts(news.timeouts),
  ];
  if (failures.length > 0) return { failures: failures.map(withoutValue) };

  const inputs: StartupScriptInputs = plain({
    ...news,
    script: news.script as string,
    name: news.name ?? (news.autoName as string),
    isRunOnce: news.isRunOnce ?? false,
    isEnabled: news.isEnabled ?? true,
  });
  return { inputs };
}

/**
 * The engine prints a refused property's value beside the reason, even a secret one. So a refusal of the body names
 * the property in the reason instead, and the engine prints no value.
 */
function withoutValue(failure: CheckFailure): CheckFailure {
  return failure.property === "script" ? { property: "", reason: `script ${failure.reason}` } : failure;
}

function checkScript(script: unknown): CheckFailure[] {
  if (isUnknown(script)) return [];
  if (script === undefined || script === null) return [{ property: "script", reason: "is required" }];
  if (typeof script !== "string") return [{ property: "script", reason: `must be a string, got ${typeOf(script)}` }];
  if (script.length === 0) return [{ property: "script", reason: "must not be empty" }];
  const bytes = Buffer.byteLength(script, "utf8");
  if (bytes > SCRIPT_MAX_BYTES) {
    return [
      { property: "script", reason: `is ${bytes} bytes; Paperspace accepts at most ${SCRIPT_MAX_BYTES} (16 KiB)` },
    ];
  }
  return [];
}

type Field = keyof StartupScriptUpdateRequest;

/** The fields that differ; the body is compared through its hash, since the API never returns it. */
function changedFields(olds: StartupScriptOutputs, news: StartupScriptInputs): Field[] {
  const changed: Field[] = [];
  if (isUnknown(news.script) || sha256(news.script) !== olds.scriptSha256) changed.push("script");
  for (const key of ["name", "isRunOnce", "isEnabled"] as const) {
    if (isUnknown(news[key]) || news[key] !== olds[key]) changed.push(key);
  }
  return changed;
}

export async function diff(
  _id: string,
  olds: StartupScriptOutputs,
  news: StartupScriptInputs,
): Promise<pulumi.dynamic.DiffResult> {
  // Every field updates in place (PUT); nothing forces a replacement.
  const changes = changedFields(olds, news).length > 0 || settingsChanged(olds, news);
  return { changes, replaces: [], deleteBeforeReplace: false };
}

export async function create(inputs: StartupScriptInputs): Promise<pulumi.dynamic.CreateResult<StartupScriptOutputs>> {
  const api = client(deadline(inputs.timeouts, "create", TIMEOUTS));
  if (inputs.adoptId) return adopt(api, inputs);
  let created = await createOnce(
    `startup script "${inputs.name}"`,
    () => api.startupScripts.create({ name: inputs.name, script: inputs.script, isRunOnce: inputs.isRunOnce }),
    (since) => findMade(api, inputs, since),
  );
  if (created.isEnabled !== inputs.isEnabled) {
    // The API creates scripts enabled; only PUT can set `isEnabled`.
    try {
      created = await api.startupScripts.update(created.id, { isEnabled: inputs.isEnabled });
    } catch (error) {
      const outs = outputs(inputs, { ...created, isEnabled: !inputs.isEnabled });
      throw new PartialCreateError(created.id, { ...outs, __provider: inputs.__provider }, error as Error);
    }
  }
  return { id: created.id, outs: outputs(inputs, created) };
}

async function findMade(api: PaperspaceClient, inputs: StartupScriptInputs, since: number) {
  const found: ApiStartupScript[] = [];
  for await (const script of api.startupScripts.list({ name: inputs.name })) {
    if (script.name === inputs.name && madeSince(script.dtCreated, since)) found.push(script);
  }
  return found;
}

/** The body of an existing script cannot be read, so adopting one writes the declared fields to it. */
async function adopt(
  api: PaperspaceClient,
  inputs: StartupScriptInputs,
): Promise<pulumi.dynamic.CreateResult<StartupScriptOutputs>> {
  const id = inputs.adoptId as string;
  if (!(await unlessNotFound(api.startupScripts.get(id)))) {
    throw new PaperspaceError(`adoptId: no startup script ${id} in the team of this API key.`);
  }
  const { name, script, isRunOnce, isEnabled } = inputs;
  const updated = await api.startupScripts.update(id, { name, script, isRunOnce, isEnabled });
  return { id, outs: outputs(inputs, updated) };
}

export async function read(
  id: string,
  props: StartupScriptOutputs,
): Promise<pulumi.dynamic.ReadResult<StartupScriptOutputs | StartupScriptInputs>> {
  const current = await unlessNotFound(client().startupScripts.get(id));
  if (!current) return {};
  const outs = outputs(props, current);
  // The body cannot be read back, so the last one applied is kept; the rest comes from the API.
  const inputs: StartupScriptInputs = plain({
    script: props.script,
    name: current.name,
    isRunOnce: current.isRunOnce,
    isEnabled: current.isEnabled,
    autoName: props.autoName,
    adoptId: props.adoptId,
    timeouts: props.timeouts,
  });
  return { id, props: outs, inputs };
}

export async function update(
  id: string,
  olds: StartupScriptOutputs,
  news: StartupScriptInputs,
): Promise<pulumi.dynamic.UpdateResult<StartupScriptOutputs>> {
  const body: StartupScriptUpdateRequest = {};
  for (const field of changedFields(olds, news)) Object.assign(body, { [field]: news[field] });
  if (Object.keys(body).length === 0)
    return { outs: storedWithoutRequest(olds, news as StartupScriptOutputs, INPUT_KEYS) };
  const updated = await client(deadline(news.timeouts, "update", TIMEOUTS)).startupScripts.update(id, body);
  return { outs: outputs(news, updated) };
}

export async function remove(id: string, props: StartupScriptOutputs): Promise<void> {
  await unlessNotFound(client(deadline(props.timeouts, "delete", TIMEOUTS)).startupScripts.delete(id));
}

function outputs(inputs: StartupScriptInputs, api: ApiStartupScript): StartupScriptOutputs {
  return plain({
    ...inputs,
    __provider: undefined,
    scriptSha256: sha256(inputs.script),
    name: api.name,
    isRunOnce: api.isRunOnce,
    isEnabled: api.isEnabled,
    description: api.description ?? null,
    assignedMachineIds: api.assignedMachineIds ?? [],
    dtCreated: api.dtCreated,
  });
}
