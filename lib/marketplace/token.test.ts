import { createHash, X509Certificate } from "node:crypto";
import { generate } from "selfsigned";
import { describe, expect, it } from "vitest";
import { authoritySettings, certificateCredentialFromPem, credentialOptions } from "./token";

describe("MSAL authority settings", () => {
  it("uses MSAL's default (AAD) mode for Microsoft's hosts", () => {
    expect(authoritySettings("https://login.microsoftonline.com", "t1")).toEqual({
      authority: "https://login.microsoftonline.com/t1",
      protocolMode: "AAD",
    });
    expect(authoritySettings("https://login.microsoftonline.us/", "t1")).toEqual({
      authority: "https://login.microsoftonline.us/t1",
      protocolMode: "AAD",
    });
  });

  it("lists a loopback authority as known and reads its OIDC discovery document", () => {
    expect(authoritySettings("https://localhost:4010", "t1")).toEqual({
      authority: "https://localhost:4010/t1",
      knownAuthorities: ["localhost:4010"],
      protocolMode: "OIDC",
    });
    expect(authoritySettings("https://127.0.0.1:5000", "t1").protocolMode).toBe("OIDC");
  });
});

describe("client credentials", () => {
  it("passes a secret as MSAL's clientSecret", () => {
    expect(credentialOptions({ kind: "secret", secret: "s3cret" })).toEqual({ clientSecret: "s3cret" });
  });

  it("reads a certificate PEM (key and certificate in one file) into MSAL's SHA-256 thumbprint and x5c", async () => {
    const pems = await generate([{ name: "commonName", value: "portal-fulfillment" }], { keySize: 2048 });
    const credential = certificateCredentialFromPem(`${pems.private}\n${pems.cert}`);
    expect(credential).toMatchObject({
      kind: "certificate",
      privateKeyPem: pems.private.trim(),
      certificatePem: pems.cert.trim(),
    });
    const der = new X509Certificate(pems.cert).raw;
    expect(credentialOptions(credential)).toEqual({
      clientCertificate: {
        thumbprintSha256: createHash("sha256").update(der).digest("hex").toUpperCase(),
        privateKey: pems.private.trim(),
        x5c: der.toString("base64"),
      },
    });
  });

  it("refuses a PEM without its private key", async () => {
    const pems = await generate([{ name: "commonName", value: "x" }], { keySize: 2048 });
    expect(() => certificateCredentialFromPem(pems.cert)).toThrow(/private key and a certificate/);
  });
});
