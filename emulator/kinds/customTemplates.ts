/** Custom templates: made from a machine that is off, through a `template-create` event; deleted at once. */
import type { CustomTemplate, Machine } from "../../contract/paperspace-api";
import type { Collection, Owned } from "../collection";
import { apiError } from "../errors";
import type { RequestContext } from "../handler";
import type { Kind, KindState } from "../kind";
import { BY_CREATION_OR_NAME, findOr404, listPage, readOr404, validateName, visible } from "../kindHelpers";
import { viewEvent } from "./machineEvents";

export type CustomTemplateRecord = CustomTemplate & Owned;

export type State = KindState<
  { customTemplates: Collection<CustomTemplateRecord>; machines: Collection<Machine & Owned> },
  "template-create"
>;

export const viewTemplate = (template: CustomTemplateRecord) => visible(template);

const find = ({ state, team, params }: RequestContext<unknown, unknown, State>) =>
  findOr404(state.store.customTemplates, team.id, params.id, "Custom template");

export const customTemplates = {
  collection: "customTemplates",
  ids: { name: "customTemplate", prefix: "t", length: 7 },
  view: viewTemplate,
  controlView: viewTemplate,
  events: {
    "template-create": {
      durations: { fast: 50, realistic: 45_000 },
      // A failed create leaves nothing behind: the template never was, so it does not linger.
      onFailed: (state, event) => {
        if (event.plan.subjectId) state.store.customTemplates.delete(event.teamId, event.plan.subjectId);
      },
    },
  },
  quirks: { deleteLag: "sets dtDeleted" },
  routes: {
    "customTemplates-list": (context) => {
      const { query } = context;
      const keep = (t: CustomTemplateRecord) =>
        (query.name === undefined || t.name === query.name) &&
        (query.machineId === undefined || t.parentMachineId === query.machineId);
      return listPage(context, context.state.store.customTemplates, keep, viewTemplate, BY_CREATION_OR_NAME);
    },

    /** Needs the machine off; the template exists at once and is removed again if its event fails. */
    "customTemplates-create": (context) => {
      const { state, team, body } = context;
      validateName(body.name);
      const machine = findOr404(state.store.machines, team.id, body.machineId, "Machine");
      if (machine.state !== "off") {
        throw apiError.badRequest(
          `Machine ${machine.id} must be off to create a template from it; it is ${machine.state}`,
          "machineId",
        );
      }
      const template = state.store.customTemplates.put({
        id: state.newId("customTemplates"),
        teamId: team.id,
        name: body.name,
        agentType: machine.agentType,
        availableMachineTypes: [
          { isAvailable: true, machineTypeLabel: machine.machineType },
          { isAvailable: true, machineTypeLabel: "A6000" },
        ],
        defaultSizeGb: Math.round(machine.storageTotal / 1024 ** 3),
        dtCreated: state.now(),
        operatingSystemLabel: machine.os,
        parentMachineId: machine.id,
        region: machine.region,
      });
      const event = state.startEvent(team.id, "template-create", machine.id, context.eventOutcome, {
        subjectId: template.id,
      });
      return { data: viewTemplate(template), event: viewEvent(event) };
    },

    "customTemplates-get": (context) =>
      viewTemplate(readOr404(context, context.state.store.customTemplates, context.params.id, "Custom template")),

    "customTemplates-update": (context) => {
      const template = find(context);
      validateName(context.body.name);
      return viewTemplate(context.state.store.customTemplates.put({ ...template, name: context.body.name }));
    },

    /** Answers the bare template, with no event, as the real API does. */
    "customTemplates-delete": (context) => {
      const template = find(context);
      context.state.deleted(
        "customTemplates",
        context.state.store.customTemplates.delete(template.teamId, template.id),
      );
      return viewTemplate(template);
    },
  },
} as const satisfies Kind<State>;
