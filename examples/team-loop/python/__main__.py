"""The loop a team runs, as ../index.ts declares it, from Python: the same resources under the same names."""
import pulumi
import pulumi_paperspace as paperspace

config = pulumi.Config()
version = config.require("imageVersion")  # e.g. 2026-12-01
member_email = config.require("memberEmail")  # who may log in to the head node
region = config.get("region") or "ny2"
machine_type = config.get("machineType") or "A4000"
fleet_size = config.get_int("fleetSize") or 2
drive_size = config.get_int("driveSize") or 500

os_templates = paperspace.get_os_templates(name="Ubuntu 22.04").templates
if not os_templates:
    raise Exception('No OS template is named "Ubuntu 22.04".')
users = paperspace.get_team_users().users
member = next((membership for membership in users if membership.user.email == member_email), None)
if member is None:
    emails = ", ".join(membership.user.email for membership in users)
    raise Exception(f"memberEmail: no member of the team is {member_email} (the team has {emails}).")

network = paperspace.PrivateNetwork("cluster", region=region)
datasets = paperspace.SharedDrive("datasets", network_id=network.id, region=region, size=drive_size)
# The drive's credentials are secret outputs, so the body made from them is secret too, as the script's body is.
mount_datasets = paperspace.StartupScript(
    "mount-datasets",
    script=pulumi.Output.format(
        """#!/bin/bash
set -euo pipefail
apt-get install -y cifs-utils
mkdir -p /mnt/datasets
umask 077
cat > /etc/datasets.credentials <<'CREDENTIALS'
username={0}
password={1}
CREDENTIALS
grep -q ' /mnt/datasets ' /etc/fstab ||
  echo '{2} /mnt/datasets cifs credentials=/etc/datasets.credentials,uid=1000,gid=1000 0 0' >> /etc/fstab
mount -a
""",
        datasets.username,
        datasets.password,
        datasets.mount_point,
    ),
)

# The image: a builder set up on its first boot, a snapshot of it, and a template made from it.
setup = paperspace.StartupScript(
    "setup",
    script="#!/bin/bash\nset -euo pipefail\npip install --upgrade torch torchvision\n",
    is_run_once=True,
)
builder = paperspace.Machine(
    f"builder-{version}",
    template_id=os_templates[0].id,
    machine_type=machine_type,
    region=region,
    disk_size=50,
    startup_script_id=setup.id,
    auto_shutdown_enabled=True,
    auto_shutdown_timeout=1,
)
baseline = paperspace.Snapshot(f"baseline-{version}", machine_id=builder.id)
image = paperspace.CustomTemplate(
    f"image-{version}",
    machine_id=builder.id,
    name=f"team-{version}",
    power_off_machine=True,
    opts=pulumi.ResourceOptions(depends_on=[baseline]),
)


def from_image(name: str) -> paperspace.Machine:
    """A machine made from the image, on the network, mounting the drive at boot."""
    return paperspace.Machine(
        name,
        template_id=image.id,
        machine_type=machine_type,
        region=region,
        disk_size=100,
        network_id=network.id,
        startup_script_id=mount_datasets.id,
        auto_shutdown_enabled=True,
        auto_shutdown_timeout=2,
    )


fleet = [from_image(f"worker-{i + 1}") for i in range(fleet_size)]
head = from_image("head")
head_ip = paperspace.PublicIp("head-ip", region=region, machine_id=head.id)
paperspace.MachineAccess("member-on-head", machine_id=head.id, user_id=member.user.id)

pulumi.export("networkId", network.id)
pulumi.export("driveId", datasets.id)
pulumi.export("mountPoint", datasets.mount_point)
pulumi.export("templateId", image.id)
pulumi.export("fleetIds", [machine.id for machine in fleet])
pulumi.export("headId", head.id)
pulumi.export("headAddress", head_ip.id)
