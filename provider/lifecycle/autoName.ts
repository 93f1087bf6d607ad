import { createHash } from "node:crypto";
import { LIMITS } from "../../contract/paperspace-api";

const SUFFIX_LENGTH = 7;

/**
 * The name an object gets when the program gives none: the resource name plus a 7-character suffix derived from the
 * project, stack, type and resource name. It looks random across stacks but is the same at every run of one stack, so
 * a preview shows the name the update will use and it never changes on its own. The dynamic resources and the
 * provider plugin draw it alike, so a resource keeps its name whichever serves it.
 */
export function stackAutoName(of: { project: string; stack: string; type: string; name: string }): string {
  const seed = `${of.project}/${of.stack}/${of.type}/${of.name}`;
  const suffix = createHash("sha256").update(seed).digest("hex").slice(0, SUFFIX_LENGTH);
  return `${of.name.slice(0, LIMITS.nameMaxLength - SUFFIX_LENGTH - 1)}-${suffix}`;
}
