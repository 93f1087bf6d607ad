import { ConfigurationError } from "../../provider/api/errors";
import { DEFAULT_API_URL, ProviderContext } from "../../provider/context";

describe("ProviderContext credentials", () => {
  let context: ProviderContext;
  beforeEach(() => (context = new ProviderContext()));

  test("stack config wins over the environment", () => {
    context.configure((key) => ({ "paperspace:apiKey": "from-stack", "paperspace:apiUrl": "https://stack" })[key]);
    expect(context.credentials({ PAPERSPACE_API_KEY: "from-env", PAPERSPACE_API_URL: "https://env" })).toEqual({
      apiKey: "from-stack",
      apiUrl: "https://stack",
    });
  });

  test("the environment is the fallback, and the public API the default URL", () => {
    expect(context.credentials({ PAPERSPACE_API_KEY: "from-env" })).toEqual({
      apiKey: "from-env",
      apiUrl: DEFAULT_API_URL,
    });
  });

  test("blank values count as absent", () => {
    context.configure((key) => ({ "paperspace:apiKey": "  " })[key]);
    expect(context.credentials({ PAPERSPACE_API_KEY: "from-env" }).apiKey).toBe("from-env");
  });

  test("no key at all is a configuration error that says how to set one", () => {
    expect(() => context.credentials({})).toThrow(ConfigurationError);
    expect(() => context.credentials({})).toThrow(/pulumi config set paperspace:apiKey --secret.*PAPERSPACE_API_KEY/);
  });
});
