/**
 * What the emulated platform offers: the public OS images, the machine types, the regions and the disk sizes. The
 * real lists are longer and not all published; these are samples (emulator/README.md says which are decisions).
 */

/** The public OS images, the same for every team. */
export const OS_TEMPLATES = [
  { id: "t0nspur5", name: "Ubuntu 22.04", operatingSystemLabel: "Ubuntu 22.04", agentType: "LinuxHeadless" },
  { id: "tkni3aa4", name: "Ubuntu 20.04", operatingSystemLabel: "Ubuntu 20.04", agentType: "LinuxHeadless" },
  {
    id: "tqqsxr6b",
    name: "ML-in-a-Box Ubuntu 22.04",
    operatingSystemLabel: "Ubuntu 22.04",
    agentType: "LinuxHeadless",
  },
  {
    id: "t7vp562h",
    name: "Windows Server 2019",
    operatingSystemLabel: "Windows Server 2019",
    agentType: "WindowsDesktop",
  },
].map((template) => ({
  ...template,
  availableMachineTypes: [
    { isAvailable: true, machineTypeLabel: "A4000" },
    { isAvailable: true, machineTypeLabel: "A6000" },
    { isAvailable: template.agentType !== "WindowsDesktop", machineTypeLabel: "A100-80G" },
  ],
  defaultSizeGb: 50,
  dtCreated: "2024-01-15T00:00:00.000Z",
}));

/** Machine types: CPUs, RAM (GiB), the GPU and its memory (GiB), and the hourly rate. */
export const MACHINE_TYPES: Record<
  string,
  { cpus: number; ramGb: number; gpu: { name: string; memoryGb: number } | null; usageRate: number }
> = {
  C4: { cpus: 4, ramGb: 8, gpu: null, usageRate: 0.08 },
  A4000: { cpus: 8, ramGb: 48, gpu: { name: "A4000", memoryGb: 16 }, usageRate: 0.76 },
  A5000: { cpus: 8, ramGb: 48, gpu: { name: "A5000", memoryGb: 24 }, usageRate: 1.38 },
  A6000: { cpus: 8, ramGb: 48, gpu: { name: "A6000", memoryGb: 48 }, usageRate: 1.89 },
  "A100-80G": { cpus: 12, ramGb: 90, gpu: { name: "A100-80G", memoryGb: 80 }, usageRate: 3.18 },
};

/** The regions, by the code machines answer with, and the display names older samples use (both are accepted). */
export const REGIONS: Record<string, string> = {
  ny2: "East Coast (NY2)",
  ca1: "West Coast (CA1)",
  ams1: "Europe (AMS1)",
};

/** A region given as its code or its display name, as its code; undefined for one that is neither. */
export function regionCode(region: string): string | undefined {
  if (region in REGIONS) return region;
  return Object.keys(REGIONS).find((code) => REGIONS[code] === region);
}

/** The disk sizes (GB) a machine may have: the real API types them as 11 fixed sizes it does not list; a decision. */
export const DISK_SIZES = [50, 100, 250, 500, 750, 1000, 1500, 2000, 3000, 4000, 5000];

export const GIB = 1024 ** 3;
