import type { Handlers } from "../handler";
import { paginate } from "../pagination";

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

export const osTemplateHandlers = {
  "osTemplates-list": ({ query }) =>
    paginate(
      OS_TEMPLATES.filter((template) => query.name === undefined || template.name === query.name),
      query,
      { name: (t) => t.name },
      "name",
    ),
} satisfies Partial<Handlers>;
