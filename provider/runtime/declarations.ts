import { customTemplate } from "./customTemplate";
import type { ResourceDeclaration } from "./declaration";
import { machine } from "./machine";
import { snapshot } from "./snapshot";
import { snapshotRestore } from "./snapshotRestore";
import { startupScript } from "./startupScript";
import { startupScriptAssignment } from "./startupScriptAssignment";

/** Every resource the package declares: the dynamic providers and the provider plugin serve these. */
export const DECLARATIONS: readonly ResourceDeclaration[] = [
  startupScript,
  startupScriptAssignment,
  snapshot,
  customTemplate,
  snapshotRestore,
  machine,
];
