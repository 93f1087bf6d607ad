// The kinds of object the emulator serves, one file each; everything else is derived from this list.
import { account } from "./account";
import { customTemplates } from "./customTemplates";
import { machineEvents } from "./machineEvents";
import { machines } from "./machines";
import { osTemplates } from "./osTemplates";
import { privateNetworks } from "./privateNetworks";
import { snapshots } from "./snapshots";
import { startupScripts } from "./startupScripts";

export const KINDS = [
  machines,
  startupScripts,
  customTemplates,
  snapshots,
  machineEvents,
  osTemplates,
  privateNetworks,
  account,
] as const;
