import { describe, expect, it } from "vitest";
import { MarketplaceError, isMarketplaceError, kindForStatus, parseMicrosoftError } from "./errors";

describe("Microsoft's error bodies", () => {
  it("reads {code, message, target, details}", () => {
    const body = JSON.stringify({
      code: "BadArgument",
      message: "One or more errors have occurred.",
      target: "usageEventRequest",
      details: [{ code: "BadArgument", message: "The resourceId is required.", target: "ResourceId" }],
    });
    expect(parseMicrosoftError(body)).toEqual({
      code: "BadArgument",
      message: "One or more errors have occurred.",
      target: "usageEventRequest",
      details: [{ code: "BadArgument", message: "The resourceId is required.", target: "ResourceId" }],
    });
  });

  it("reads resolve's InvalidValue", () => {
    expect(
      parseMicrosoftError('{"code":"InvalidValue","message":"Failed to decode token","target":"token"}'),
    ).toMatchObject({ code: "InvalidValue", target: "token" });
  });

  it("reads the 500 wrapper, the ASP.NET api-version shape, API Management's 429 and a bare JSON string", () => {
    expect(parseMicrosoftError('{"error":{"code":"InternalServerError","message":"boom"}}')).toMatchObject({
      code: "InternalServerError",
      message: "boom",
    });
    expect(
      parseMicrosoftError('{"Error":{"Code":"ApiVersionUnspecified","Message":"An API version is required"}}'),
    ).toMatchObject({ code: "ApiVersionUnspecified", message: "An API version is required" });
    expect(
      parseMicrosoftError('{"statusCode":429,"message":"Rate limit is exceeded. Try again in 1 seconds."}'),
    ).toMatchObject({ message: "Rate limit is exceeded. Try again in 1 seconds." });
    expect(parseMicrosoftError('"The authorization token is invalid, expired, missing"')).toEqual({
      message: "The authorization token is invalid, expired, missing",
    });
  });

  it("ignores empty, HTML and shapeless bodies", () => {
    expect(parseMicrosoftError("")).toBeUndefined();
    expect(parseMicrosoftError("<html>Bad gateway</html>")).toBeUndefined();
    expect(parseMicrosoftError("[1,2]")).toBeUndefined();
    expect(parseMicrosoftError("{}")).toBeUndefined();
  });

  it("maps final statuses to kinds", () => {
    expect([400, 401, 403, 404, 409, 429, 500, 503, 422, 302].map(kindForStatus)).toEqual([
      "bad-request",
      "forbidden",
      "forbidden",
      "not-found",
      "conflict",
      "throttled",
      "unavailable",
      "unavailable",
      "bad-request",
      "invalid-response",
    ]);
  });

  it("keeps Microsoft's message apart from a message safe to show", () => {
    const error = new MarketplaceError({
      kind: "forbidden",
      operation: "getSubscription",
      status: 403,
      attempts: 1,
      microsoft: { message: "The authorization token is invalid" },
      requestId: "r",
      correlationId: "c",
    });
    expect(error.message).toMatch(/Partner Center/);
    expect(error.message).toMatch(/service principal/);
    expect(error.microsoftMessage).toBe("The authorization token is invalid");
    expect(isMarketplaceError(error, "forbidden")).toBe(true);
    expect(isMarketplaceError(error, "not-found")).toBe(false);
    expect(error.toLog()).toEqual({
      kind: "forbidden",
      operation: "getSubscription",
      status: 403,
      code: undefined,
      target: undefined,
      msRequestId: "r",
      msCorrelationId: "c",
      attempts: 1,
    });
  });
});
