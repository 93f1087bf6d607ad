import { OS_TEMPLATES } from "../catalog";
import type { Handlers } from "../handler";
import { paginate } from "../pagination";
import { repeatsItems } from "./common";

export const osTemplateHandlers = {
  "osTemplates-list": (context) =>
    paginate(
      OS_TEMPLATES.filter((template) => context.query.name === undefined || template.name === context.query.name),
      context.query,
      { name: (t) => t.name },
      "name",
      repeatsItems(context),
    ),
} satisfies Partial<Handlers>;
