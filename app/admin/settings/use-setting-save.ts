"use client";

import { useState, useTransition, type FormEvent } from "react";
import type { ActionResult } from "@/lib/auth/guard";

/**
 * Saving a setting switch from its form: the action with what the form holds, then the outcome as a message
 * (the saved state in the caller's words, or the action's refusal).
 */
export function useSettingSave<I>(
  save: (input: I) => Promise<ActionResult<{ on: boolean }>>,
  savedText: (on: boolean) => string,
) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  // onSubmit, not a form action: React resets a form after its action, which would untick the saved switch.
  const onSubmitWith = (input: () => I) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    start(async () => {
      const result = await save(input());
      setMessage(result.ok ? { text: savedText(result.data.on), error: false } : { text: result.message, error: true });
    });
  };
  return { pending, message, onSubmitWith };
}
