import { apiError } from "../errors";
import type { Handlers, RequestContext } from "../handler";
import type { CustomTemplateRecord } from "../store";
import { findOr404, listPage, machineOr404, readOr404, validateName, visible } from "./common";
import { viewEvent } from "./machines";

export const viewTemplate = (template: CustomTemplateRecord) => visible(template);

const find = ({ state, team, params }: RequestContext) =>
  findOr404(state.store.customTemplates, team.id, params.id, "Custom template");

export const customTemplateHandlers = {
  "customTemplates-list": (context) => {
    const { query } = context;
    const keep = (t: CustomTemplateRecord) =>
      (query.name === undefined || t.name === query.name) &&
      (query.machineId === undefined || t.parentMachineId === query.machineId);
    return listPage(context, "customTemplates", keep, viewTemplate);
  },

  /** Needs the machine off; the template exists at once and is removed again if its event fails. */
  "customTemplates-create": (context) => {
    const { state, team, body } = context;
    validateName(body.name);
    const machine = machineOr404(context, body.machineId);
    if (machine.state !== "off") {
      throw apiError.badRequest(
        `Machine ${machine.id} must be off to create a template from it; it is ${machine.state}`,
        "machineId",
      );
    }
    const template = state.store.customTemplates.put({
      id: state.newId("customTemplate"),
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
    viewTemplate(readOr404(context, "customTemplates", context.params.id, "Custom template")),

  "customTemplates-update": (context) => {
    const template = find(context);
    validateName(context.body.name);
    return viewTemplate(context.state.store.customTemplates.put({ ...template, name: context.body.name }));
  },

  /** Answers the bare template, with no event, as the real API does. */
  "customTemplates-delete": (context) => {
    const template = find(context);
    context.state.deleted("customTemplates", context.state.store.customTemplates.delete(template.teamId, template.id));
    return viewTemplate(template);
  },
} satisfies Partial<Handlers>;
