import type * as pulumi from "@pulumi/pulumi";
import { NotFoundError } from "../api/errors";
import type { StartupScript as ApiStartupScript, StartupScriptUpdateRequest } from "../api/types";
import type { StartupScriptInputs, StartupScriptOutputs } from "../resources/startupScript";
import {
  type CheckFailure,
  PartialCreateError,
  checkBoolean,
  checkName,
  client,
  isUnknown,
  plain,
  sha256,
  typeOf,
  unknownProperties,
} from "./common";

/** The legacy API's limit, which the v1 API is taken to keep. */
export const SCRIPT_MAX_BYTES = 16 * 1024;

const INPUT_KEYS = ["script", "name", "isRunOnce", "isEnabled", "autoName"] as const;

export async function check(
  _olds: Partial<StartupScriptInputs>,
  news: Partial<StartupScriptInputs>,
): Promise<pulumi.dynamic.CheckResult<StartupScriptInputs>> {
  const failures: CheckFailure[] = [
    ...unknownProperties(news, INPUT_KEYS),
    ...checkScript(news.script),
    ...(news.name === undefined && news.autoName === undefined ? [{ property: "name", reason: "is required" }] : []),
    ...checkName(news.name),
    ...checkBoolean(news.isRunOnce, "isRunOnce"),
    ...checkBoolean(news.isEnabled, "isEnabled"),
  ];
  if (failures.length > 0) return { failures };

  const inputs: StartupScriptInputs = plain({
    ...news,
    script: news.script as string,
    name: news.name ?? (news.autoName as string),
    isRunOnce: news.isRunOnce ?? false,
    isEnabled: news.isEnabled ?? true,
  });
  return { inputs };
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
  return { changes: changedFields(olds, news).length > 0, replaces: [], deleteBeforeReplace: false };
}

export async function create(inputs: StartupScriptInputs): Promise<pulumi.dynamic.CreateResult<StartupScriptOutputs>> {
  const api = client();
  let created = await api.startupScripts.create({
    name: inputs.name,
    script: inputs.script,
    isRunOnce: inputs.isRunOnce,
  });
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

export async function read(
  id: string,
  props: StartupScriptOutputs,
): Promise<pulumi.dynamic.ReadResult<StartupScriptOutputs | StartupScriptInputs>> {
  let current: ApiStartupScript;
  try {
    current = await client().startupScripts.get(id);
  } catch (error) {
    if (error instanceof NotFoundError) return {};
    throw error;
  }
  const outs = outputs(props, current);
  // The body cannot be read back, so the last one applied is kept; the rest comes from the API.
  const inputs: StartupScriptInputs = plain({
    script: props.script,
    name: current.name,
    isRunOnce: current.isRunOnce,
    isEnabled: current.isEnabled,
    autoName: props.autoName,
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
  const updated = await client().startupScripts.update(id, body);
  return { outs: outputs(news, updated) };
}

export async function remove(id: string): Promise<void> {
  try {
    await client().startupScripts.delete(id);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
}

function outputs(inputs: StartupScriptInputs, api: ApiStartupScript): StartupScriptOutputs {
  return plain({
    script: inputs.script,
    autoName: inputs.autoName,
    scriptSha256: sha256(inputs.script),
    name: api.name,
    isRunOnce: api.isRunOnce,
    isEnabled: api.isEnabled,
    description: api.description ?? null,
    assignedMachineIds: api.assignedMachineIds ?? [],
    dtCreated: api.dtCreated,
  });
}
