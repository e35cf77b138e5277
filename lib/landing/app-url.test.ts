import { describe, expect, it } from "vitest";
import { appOriginOf, appUrlWithToken } from "./app-url";

const ID = "6f2a8c3e-1b4d-4e5f-8a9b-0c1d2e3f4a5b";

describe("the app's URL with the hand-off token", () => {
  it("adds the token as ?token= by default, keeping the template's own query and fragment", () => {
    expect(appUrlWithToken("https://app.example/start?subscription={subscriptionId}#top", ID, "a.b.c")).toBe(
      `https://app.example/start?subscription=${ID}&token=a.b.c#top`,
    );
    expect(appUrlWithToken("https://app.example/start", ID, "a.b.c")).toBe("https://app.example/start?token=a.b.c");
  });

  it("puts the token where {token} stands, e.g. in the fragment for an app that reads it in the browser", () => {
    expect(appUrlWithToken("https://app.example/s/{subscriptionId}#handoff={token}", ID, "a.b.c")).toBe(
      `https://app.example/s/${ID}#handoff=a.b.c`,
    );
  });

  it("addresses the token to the app's origin", () => {
    expect(appOriginOf("https://app.example:8443/start?subscription={subscriptionId}")).toBe(
      "https://app.example:8443",
    );
  });
});
