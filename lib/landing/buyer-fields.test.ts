import { describe, expect, it } from "vitest";
import { fieldsFor, parseBuyerFields } from "./buyer-fields";

const configured = [
  { name: "companyName", label: "Company", type: "text" as const, required: true, maxLength: 20 },
  { name: "phone", label: "Phone", type: "tel" as const, required: false, maxLength: 40 },
];
const form = (entries: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.set(k, v);
  return f;
};

describe("buyer fields", () => {
  it("asks for a contact e-mail only when the account has none", () => {
    expect(fieldsFor(configured, "alice@contoso.example").map((f) => f.name)).toEqual(["companyName", "phone"]);
    expect(fieldsFor(configured, null).map((f) => f.name)).toEqual(["companyName", "phone", "contactEmail"]);
  });

  it("keeps valid values, trimmed, and ignores fields that are not configured", () => {
    expect(
      parseBuyerFields(
        configured,
        form({ companyName: "  Contoso ", phone: "+1 (555) 010-0100", planId: "enterprise" }),
      ),
    ).toEqual({ values: { companyName: "Contoso", phone: "+1 (555) 010-0100" } });
  });

  it("explains each problem", () => {
    const result = parseBuyerFields(
      fieldsFor(configured, null),
      form({ companyName: "x".repeat(21), phone: "call me", contactEmail: "not-an-email" }),
    );
    expect(result).toEqual({
      errors: {
        companyName: { problem: "tooLong", max: 20 },
        phone: { problem: "phone" },
        contactEmail: { problem: "email" },
      },
    });
    expect(parseBuyerFields(configured, form({}))).toEqual({ errors: { companyName: { problem: "required" } } });
  });
});
