import * as pulumi from "@pulumi/pulumi";
import * as paperspace from "pulumi-paperspace";

/**
 * The loop a team runs, whole: a private network, a shared drive for the datasets on it, and a boot script that
 * mounts the drive (its credentials reach the script as secrets and stay secret there); a builder machine set up from
 * an OS template, its snapshot, and a custom template made from it; a fleet made from the template on the network,
 * each mounting the drive; a head node beside them reachable at a static public IP; and access to the head node for
 * a member of the team.
 *
 * A new `imageVersion` builds a new image and rolls every machine made from it: the new machines are made before the
 * old ones go, the static IP moves to the new head node, and the member's access follows it.
 */
export = async () => {
  const config = new pulumi.Config();
  const version = config.require("imageVersion"); // e.g. 2026-12-01
  const memberEmail = config.require("memberEmail"); // who may log in to the head node
  const region = config.get("region") ?? "ny2";
  const machineType = config.get("machineType") ?? "A4000";
  const fleetSize = config.getNumber("fleetSize") ?? 2;
  const driveSize = config.getNumber("driveSize") ?? 500;

  const [os] = await paperspace.getOsTemplates({ name: "Ubuntu 22.04" });
  if (!os) throw new Error('No OS template is named "Ubuntu 22.04".');
  const users = await paperspace.getTeamUsers();
  const member = users.find((membership) => membership.user.email === memberEmail);
  if (!member) {
    const emails = users.map((membership) => membership.user.email).join(", ");
    throw new Error(`memberEmail: no member of the team is ${memberEmail} (the team has ${emails}).`);
  }

  const network = new paperspace.PrivateNetwork("cluster", { region });
  const datasets = new paperspace.SharedDrive("datasets", { networkId: network.id, region, size: driveSize });
  // The drive's credentials are secret outputs, so the body made from them is secret too, as the script's body is.
  const mountDatasets = new paperspace.StartupScript("mount-datasets", {
    script: pulumi.interpolate`#!/bin/bash
set -euo pipefail
apt-get install -y cifs-utils
mkdir -p /mnt/datasets
umask 077
cat > /etc/datasets.credentials <<'CREDENTIALS'
username=${datasets.username}
password=${datasets.password}
CREDENTIALS
grep -q ' /mnt/datasets ' /etc/fstab ||
  echo '${datasets.mountPoint} /mnt/datasets cifs credentials=/etc/datasets.credentials,uid=1000,gid=1000 0 0' >> /etc/fstab
mount -a
`,
  });

  // The image: a builder set up on its first boot, a snapshot of it, and a template made from it.
  const setup = new paperspace.StartupScript("setup", {
    script: "#!/bin/bash\nset -euo pipefail\npip install --upgrade torch torchvision\n",
    isRunOnce: true,
  });
  const builder = new paperspace.Machine(`builder-${version}`, {
    templateId: os.id,
    machineType,
    region,
    diskSize: 50,
    startupScriptId: setup.id,
    autoShutdownEnabled: true,
    autoShutdownTimeout: 1,
  });
  const baseline = new paperspace.Snapshot(`baseline-${version}`, { machineId: builder.id });
  const image = new paperspace.CustomTemplate(
    `image-${version}`,
    { machineId: builder.id, name: `team-${version}`, powerOffMachine: true },
    { dependsOn: [baseline] },
  );

  // Machines made from the image, on the network, mounting the drive at boot.
  const fromImage = (name: string) =>
    new paperspace.Machine(name, {
      templateId: image.id,
      machineType,
      region,
      diskSize: 100,
      networkId: network.id,
      startupScriptId: mountDatasets.id,
      autoShutdownEnabled: true,
      autoShutdownTimeout: 2,
    });
  const fleet = Array.from({ length: fleetSize }, (_, i) => fromImage(`worker-${i + 1}`));
  const head = fromImage("head");
  const headIp = new paperspace.PublicIp("head-ip", { region, machineId: head.id });
  new paperspace.MachineAccess("member-on-head", { machineId: head.id, userId: member.user.id });

  return {
    networkId: network.id,
    driveId: datasets.id,
    mountPoint: datasets.mountPoint,
    templateId: image.id,
    fleetIds: fleet.map((machine) => machine.id),
    headId: head.id,
    headAddress: headIp.id,
  };
};
