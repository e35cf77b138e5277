import { describe, expect, it } from "vitest";
import { endpointUrl } from "@/lib/domain/outbound-events";
import { isInternalAddress, publicHostProblem } from "./address";

describe("receiver addresses in production", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",
    "fd00::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "not an address",
  ])("refuses %s", (address) => expect(isInternalAddress(address)).toBe(true));

  it.each(["8.8.8.8", "172.32.0.1", "20.190.128.1", "2606:4700::1111", "::ffff:8.8.8.8"])("allows %s", (address) =>
    expect(isInternalAddress(address)).toBe(false),
  );

  it("names the problem of a literal internal address without resolving anything", async () => {
    expect(await publicHostProblem("https://[::1]/events")).toMatch(/this machine or a private network/);
    expect(await publicHostProblem("https://10.0.0.7/events")).toMatch(/private network/);
    expect(await publicHostProblem("https://8.8.8.8/events")).toBeUndefined();
  });
});

describe("receiver URLs", () => {
  const check = (url: string, production: boolean) => {
    const parsed = endpointUrl(production).safeParse(url);
    return parsed.success ? "ok" : parsed.error.issues[0]!.message;
  };
  it("take https in production, http too locally, and never credentials, fragments or other schemes", () => {
    expect(check("https://app.example.com/events", true)).toBe("ok");
    expect(check("http://app.example.com/events", true)).toMatch(/Use an https:\/\/ URL: events carry/);
    expect(check("http://localhost:4020/events", false)).toBe("ok");
    expect(check("ftp://app.example.com/", false)).toBe("Use an https:// URL.");
    expect(check("https://user:pw@app.example.com/", false)).toMatch(/Leave credentials out/);
    expect(check("https://app.example.com/#x", false)).toMatch(/fragment/);
    expect(check("app.example.com/events", false)).toMatch(/full URL/);
  });
});
