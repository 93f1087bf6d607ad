import {
  ApiError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PaperspaceError,
  PayloadTooLargeError,
  RateLimitedError,
  ServerError,
  UnauthorizedError,
  apiErrorFromResponse,
  isErrorEnvelope,
} from "../../provider/api/errors";

describe("apiErrorFromResponse", () => {
  test.each([
    [400, "BAD_REQUEST", BadRequestError],
    [401, "UNAUTHORIZED", UnauthorizedError],
    [403, "FORBIDDEN", ForbiddenError],
    [404, "NOT_FOUND", NotFoundError],
    [409, "CONFLICT", ConflictError],
    [413, "PAYLOAD_TOO_LARGE", PayloadTooLargeError],
    [429, "TOO_MANY_REQUESTS", RateLimitedError],
    [500, "INTERNAL_SERVER_ERROR", ServerError],
    [502, "BAD_GATEWAY", ServerError],
    [418, "TEAPOT", ApiError],
  ])("%i %s becomes %p", (status, code, type) => {
    const error = apiErrorFromResponse("GET", "/startup-scripts/x", status, { code, message: "boom" });
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(PaperspaceError);
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.message).toContain(`GET /startup-scripts/x failed with ${status} ${code}: boom`);
  });

  test("a bad request names the field the API named", () => {
    const error = apiErrorFromResponse("POST", "/startup-scripts", 400, {
      code: "BAD_REQUEST",
      message: "name must be between 1 and 128 characters",
      details: { field: "name" },
    });
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).field).toBe("name");
  });

  test("a 200 answer carrying an envelope takes the status of its code", () => {
    const error = apiErrorFromResponse("GET", "/x", 200, { code: "NOT_FOUND", message: "gone" });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.status).toBe(404);
  });

  test("a non-JSON error page still gives a message", () => {
    const error = apiErrorFromResponse("GET", "/x", 502, "<html>Bad Gateway</html>");
    expect(error).toBeInstanceOf(ServerError);
    expect(error.code).toBe("HTTP_502");
    expect(error.message).toContain("<html>Bad Gateway</html>");
  });

  test("an unauthorized error says how to set the key", () => {
    const error = apiErrorFromResponse("GET", "/x", 401, { code: "UNAUTHORIZED", message: "no" });
    expect(error.message).toContain("paperspace:apiKey");
    expect(error.message).toContain("PAPERSPACE_API_KEY");
  });
});

describe("isErrorEnvelope", () => {
  test.each([
    [{ code: "NOT_FOUND", message: "x" }, true],
    [{ code: "BAD_REQUEST", message: "x", details: {} }, true],
    [{ code: "X", message: "x", details: {}, more: 1 }, false],
    [{ id: "sc1", name: "x" }, false],
    [[], false],
    ["text", false],
    [undefined, false],
  ])("%p -> %p", (body, expected) => {
    expect(isErrorEnvelope(body)).toBe(expected);
  });
});
