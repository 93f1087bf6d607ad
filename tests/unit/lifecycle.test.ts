import { NotFoundError } from "../../provider/api/errors";
import { ProviderContext } from "../../provider/context";
import { boolean, id, name, string } from "../../provider/lifecycle/attributes";
import type { ObjectDeclaration } from "../../provider/lifecycle/declaration";
import { PartialCreateError } from "../../provider/lifecycle/errors";
import { lifecycle } from "../../provider/lifecycle/lifecycle";
import { UNKNOWN } from "../../provider/lifecycle/validators";

/** A made-up resource, its objects kept in a map: the lifecycle's own behaviour, with no API between. */
interface Widget {
  id: string;
  shelfId: string;
  name: string;
  glossy: boolean;
  serial: number;
}

const attributes = {
  shelfId: id({ onChange: "replace", required: true, parent: "shelf", shownAs: "shelfId", doc: "" }),
  name: name({ doc: "" }),
  // Write-only, like a script's body: the object never shows it.
  colour: string({
    onChange: "update",
    secret: true,
    doc: "",
    validators: [(v: string, p: string) => (v === "" ? [{ property: p, reason: "is empty" }] : [])],
  }),
  // The create request cannot set it (widgets are made matte).
  glossy: boolean({ onChange: "update", default: false, shownAs: "glossy", doc: "" }),
  careful: boolean({ onChange: "stored", default: false, doc: "" }),
};

function world() {
  const widgets = new Map<string, Widget>();
  const calls: string[] = [];
  let failUpdates = false;
  const declaration: ObjectDeclaration<typeof attributes, Widget, "serial"> = {
    type: "Widget",
    noun: "widget",
    describe: (inputs) => `widget "${inputs.name}"`,
    doc: "",
    example: { name: "w", args: {} },
    attributes,
    copies: ["serial"],
    timeouts: { create: 60_000, update: 60_000, delete: 60_000 },
    adoption: {},
    calls: {
      get: async (_api, widgetId) => widgets.get(widgetId),
      create: {
        request: async (_api, { shelfId, name }) => {
          calls.push("create");
          const widget = { id: `w${widgets.size + 1}`, shelfId, name, glossy: false, serial: 100 + widgets.size };
          widgets.set(widget.id, widget);
          return widget;
        },
      },
      delete: {
        request: async (_api, widgetId) => {
          calls.push("delete");
          if (!widgets.delete(widgetId))
            throw new NotFoundError("DELETE", `/widgets/${widgetId}`, 404, "NOT_FOUND", "gone", undefined, "");
          return undefined;
        },
      },
    },
    steps: [
      {
        name: "change",
        applies: ["name", "colour", "glossy"],
        request: async (_api, widgetId, changes) => {
          calls.push(`update ${Object.keys(changes).sort().join(",")}`);
          if (failUpdates) throw new Error("the shelf is locked");
          const widget = { ...widgets.get(widgetId)!, ...changes } as Widget;
          widgets.set(widgetId, widget);
          return widget;
        },
      },
    ],
  };
  const context = new ProviderContext();
  context.configure((key) => ({ "paperspace:apiKey": "k", "paperspace:apiUrl": "http://127.0.0.1:9/v1" })[key]);
  return {
    widgets,
    calls,
    declaration,
    context,
    provider: lifecycle(declaration, context),
    failUpdates: () => (failUpdates = true),
  };
}

const given = { shelfId: "sh1", colour: "teal", autoName: "w-1234567" };

describe("lifecycle: check", () => {
  test("fills defaults and the auto-name", async () => {
    const { provider } = world();
    expect((await provider.check({}, given)).inputs).toEqual({
      ...given,
      name: "w-1234567",
      glossy: false,
      careful: false,
    });
  });

  test("names a stray property, with a hint for a near miss, and a missing id", async () => {
    const { provider } = world();
    expect((await provider.check({}, { ...given, shelfId: undefined, isGlossy: true })).failures).toEqual([
      { property: "isGlossy", reason: 'is not a property of this resource (did you mean "glossy"?)' },
      { property: "shelfId", reason: "is required" },
    ]);
  });

  test("a secret input's refusal names it in the reason, not as the property, so that no value is printed", async () => {
    const { provider } = world();
    expect((await provider.check({}, { ...given, colour: "" })).failures).toEqual([
      { property: "", reason: "colour is empty" },
    ]);
  });
});

describe("lifecycle: diff", () => {
  const olds = { ...given, name: "w", glossy: false, careful: false, serial: 100 };
  test.each([
    ["nothing", {}, { changes: false, replaces: [] }],
    ["the parent", { shelfId: "sh2" }, { changes: true, replaces: ["shelfId"] }],
    ["an unknown parent", { shelfId: UNKNOWN }, { changes: true, replaces: ["shelfId"] }],
    ["an update input", { glossy: true }, { changes: true, replaces: [] }],
    ["a setting", { careful: true }, { changes: true, replaces: [] }],
    ["timeouts", { timeouts: { create: "1h" } }, { changes: true, replaces: [] }],
    ["adoptId and autoName alone", { adoptId: "w9", autoName: "w-7654321" }, { changes: false, replaces: [] }],
  ])("%s", async (_case, change, expected) => {
    const { provider } = world();
    expect(await provider.diff("w1", olds, { ...olds, ...change })).toEqual({
      ...expected,
      deleteBeforeReplace: false,
    });
  });
});

describe("lifecycle: create, update, read, delete", () => {
  const inputs = { ...given, name: "w", glossy: true, careful: false, __provider: "p" };

  test("create sets what the create request could not, and answers the inputs with what the API computed", async () => {
    const { provider, calls, widgets } = world();
    const { id, outs } = await provider.create(inputs);
    expect(calls).toEqual(["create", "update glossy"]);
    expect(widgets.get(id)).toMatchObject({ glossy: true });
    expect(outs).toEqual({ ...inputs, serial: 100 });
  });

  test("an object made whose next step failed is recorded, with the provider code, so that it is not leaked", async () => {
    const { provider, failUpdates, widgets } = world();
    failUpdates();
    const error = await provider.create(inputs).catch((e) => e);
    expect(error).toBeInstanceOf(PartialCreateError);
    expect(error.id).toBe("w1");
    expect(error.message).toContain("the shelf is locked");
    expect(error.properties).toEqual({ ...inputs, glossy: false, serial: 100 });
    expect(widgets.size).toBe(1);
  });

  test("adopting checks the parent, then writes what the object does not show", async () => {
    const { provider, calls, widgets } = world();
    widgets.set("w7", { id: "w7", shelfId: "sh1", name: "w", glossy: true, serial: 7 });
    await expect(provider.create({ ...inputs, shelfId: "sh2", adoptId: "w7" })).rejects.toThrow(
      "adoptId: widget w7 belongs to shelf sh1, but shelfId is sh2. Set shelfId to sh1 to adopt it.",
    );
    const { id } = await provider.create({ ...inputs, adoptId: "w7" });
    expect(id).toBe("w7");
    expect(calls).toEqual(["update colour"]);
  });

  test("an update of settings alone makes no request, and keeps nothing of the old inputs", async () => {
    const { provider, calls } = world();
    const olds = { ...inputs, careful: true, timeouts: { create: "1h" }, serial: 100 };
    const { outs } = await provider.update("w1", olds, inputs);
    expect(calls).toEqual([]);
    expect(outs).toEqual({ ...inputs, serial: 100 });
  });

  test("read takes what the object shows and keeps the rest; a gone object reads as gone", async () => {
    const { provider, widgets } = world();
    const { id, outs } = await provider.create(inputs);
    widgets.set(id, { ...widgets.get(id)!, name: "renamed by hand" });
    const read = await provider.read(id, outs);
    expect(read.inputs).toEqual({
      shelfId: "sh1",
      name: "renamed by hand",
      colour: "teal",
      glossy: true,
      careful: false,
      autoName: "w-1234567",
    });
    widgets.delete(id);
    expect(await provider.read(id, outs)).toEqual({});
  });

  test("an input declared under a second key keeps the program's value there, beside the one a read shows", async () => {
    const { declaration, context, widgets } = world();
    const glossy = { ...declaration.attributes.glossy, declaredCopy: "declaredGlossy" };
    const provider = lifecycle({ ...declaration, attributes: { ...declaration.attributes, glossy } }, context);
    const { inputs: checked } = await provider.check({}, { ...given, glossy: true });
    expect(checked).toMatchObject({ glossy: true, declaredGlossy: true });
    const { id, outs } = await provider.create(checked!);
    widgets.set(id, { ...widgets.get(id)!, glossy: false });
    const read = await provider.read(id, outs);
    expect(read.props).toMatchObject({ glossy: false, declaredGlossy: true });
    expect(read.inputs).toMatchObject({ glossy: false, declaredGlossy: true });
  });

  test("delete of an object already gone is done", async () => {
    const { provider, calls } = world();
    await expect(provider.delete("w404", inputs)).resolves.toBeUndefined();
    expect(calls).toEqual(["delete"]);
  });
});
