import { ConfigurationError } from "../../provider/api/errors";
import { DEFAULT_API_URL, configureFromStack, resolveCredentials } from "../../provider/config";

describe("resolveCredentials", () => {
  afterEach(() => configureFromStack(() => undefined));

  test("stack config wins over the environment", () => {
    configureFromStack((key) => ({ "paperspace:apiKey": "from-stack", "paperspace:apiUrl": "https://stack" })[key]);
    expect(resolveCredentials({ PAPERSPACE_API_KEY: "from-env", PAPERSPACE_API_URL: "https://env" })).toEqual({
      apiKey: "from-stack",
      apiUrl: "https://stack",
    });
  });

  test("the environment is the fallback, and the public API the default URL", () => {
    expect(resolveCredentials({ PAPERSPACE_API_KEY: "from-env" })).toEqual({
      apiKey: "from-env",
      apiUrl: DEFAULT_API_URL,
    });
  });

  test("blank values count as absent", () => {
    configureFromStack((key) => ({ "paperspace:apiKey": "  " })[key]);
    expect(resolveCredentials({ PAPERSPACE_API_KEY: "from-env" }).apiKey).toBe("from-env");
  });

  test("no key at all is a configuration error that says how to set one", () => {
    expect(() => resolveCredentials({})).toThrow(ConfigurationError);
    expect(() => resolveCredentials({})).toThrow(/pulumi config set paperspace:apiKey --secret.*PAPERSPACE_API_KEY/);
  });
});
