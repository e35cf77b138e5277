import { z } from "zod";
import type { LandingField } from "@/lib/env";

/** The fields the landing page asks: the publisher's (LANDING_FIELDS), plus a contact e-mail when the account has none. */
export function fieldsFor(configured: LandingField[], accountEmail: string | null): LandingField[] {
  const contact: LandingField = {
    name: "contactEmail",
    label: "Contact e-mail",
    type: "email",
    required: true,
    maxLength: 254,
  };
  return accountEmail ? configured : [...configured, contact];
}

/** What is wrong with a field; the page words it in the buyer's language (messages `landing.fieldErrors`). */
export type FieldError = { problem: "required" } | { problem: "tooLong"; max: number } | { problem: "email" | "phone" };
export type FieldErrors = Record<string, FieldError>;

/** Validates what the buyer typed; only the configured fields are read from the form. */
export function parseBuyerFields(
  fields: LandingField[],
  form: FormData,
): { values: Record<string, string> } | { errors: FieldErrors } {
  const values: Record<string, string> = {};
  const errors: FieldErrors = {};
  for (const field of fields) {
    const raw = form.get(field.name);
    const value = typeof raw === "string" ? raw.trim() : "";
    if (!value) {
      if (field.required) errors[field.name] = { problem: "required" };
      continue;
    }
    if (value.length > field.maxLength) errors[field.name] = { problem: "tooLong", max: field.maxLength };
    else if (field.type === "email" && !z.email().safeParse(value).success) errors[field.name] = { problem: "email" };
    else if (field.type === "tel" && !/^[+()\d\s.-]{4,40}$/.test(value)) errors[field.name] = { problem: "phone" };
    else values[field.name] = value;
  }
  return Object.keys(errors).length ? { errors } : { values };
}
