/** The public OS templates: the catalogue's, the same for every team. Nothing stored. */
import { OS_TEMPLATES } from "../catalog";
import type { Kind, KindState } from "../kind";
import { repeatsItems } from "../kindHelpers";
import { paginate } from "../pagination";

export const osTemplates = {
  routes: {
    "osTemplates-list": (context) =>
      paginate(
        OS_TEMPLATES.filter((template) => context.query.name === undefined || template.name === context.query.name),
        context.query,
        { name: (t) => t.name },
        "name",
        repeatsItems(context),
      ),
  },
} as const satisfies Kind<KindState<object>>;
