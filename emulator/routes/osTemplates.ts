import { OS_TEMPLATES } from "../catalog";
import type { Handlers } from "../handler";
import { paginate } from "../pagination";

export const osTemplateHandlers = {
  "osTemplates-list": ({ query }) =>
    paginate(
      OS_TEMPLATES.filter((template) => query.name === undefined || template.name === query.name),
      query,
      { name: (t) => t.name },
      "name",
    ),
} satisfies Partial<Handlers>;
