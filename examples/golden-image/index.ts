import * as pulumi from "@pulumi/pulumi";
import * as paperspace from "pulumi-paperspace";

/**
 * The golden-image loop, as code: a short-lived builder machine from an OS template, set up by a startup script on its
 * first boot; a baseline snapshot of it; a custom template made from it (the builder stopped for it), named for its
 * image channel and version; and a fleet of machines made from the template, with auto-shutdown to cap idle GPU time.
 *
 * A new `imageVersion` builds a new image the same way, and the fleet moves to it: each machine is replaced by one
 * made from the new template (the new one made before the old one goes), and the old builder, snapshot and template
 * are deleted once nothing uses them.
 */
export = async () => {
  const config = new pulumi.Config();
  const version = config.require("imageVersion"); // e.g. 2026-12-01
  const channel = config.get("channel") ?? "golden";
  const machineType = config.get("machineType") ?? "A4000";
  const region = config.get("region") ?? "ny2";
  const fleetSize = config.getNumber("fleetSize") ?? 2;
  const osName = config.get("osTemplate") ?? "Ubuntu 22.04";
  const [os] = await paperspace.getOsTemplates({ name: osName });
  if (!os) throw new Error(`No OS template is named "${osName}": set osTemplate to one getOsTemplates() lists.`);

  // What the builder runs on its first boot: the image's contents.
  const setup = new paperspace.StartupScript("setup", {
    script: config.get("setupScript") ?? "#!/bin/bash\nset -euo pipefail\npip install --upgrade torch torchvision\n",
    isRunOnce: true,
  });
  const builder = new paperspace.Machine(`builder-${version}`, {
    templateId: os.id,
    machineType,
    region,
    diskSize: 50,
    startupScriptId: setup.id,
    // Short-lived: it shuts itself down after an idle hour, and goes away with the next version.
    autoShutdownEnabled: true,
    autoShutdownTimeout: 1,
  });
  const baseline = new paperspace.Snapshot(`baseline-${version}`, { machineId: builder.id });
  const image = new paperspace.CustomTemplate(
    `image-${version}`,
    { machineId: builder.id, name: `${channel}-${version}`, powerOffMachine: true, timeouts: { create: "2h" } },
    { dependsOn: [baseline] },
  );

  const fleet = Array.from(
    { length: fleetSize },
    (_, i) =>
      new paperspace.Machine(`worker-${i + 1}`, {
        templateId: image.id,
        machineType,
        region,
        diskSize: 50,
        autoShutdownEnabled: true,
        autoShutdownTimeout: 2,
      }),
  );

  return {
    templateId: image.id,
    templateName: image.name,
    region: image.region,
    baselineSnapshotId: baseline.id,
    builderId: builder.id,
    fleetIds: fleet.map((machine) => machine.id),
    osTemplateId: os.id,
  };
};
