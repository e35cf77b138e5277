"use client";

import { useState, useTransition, type RefObject } from "react";
import type { BuyerActionResult } from "@/lib/auth/buyer-action";
import type { Started } from "@/lib/self-service/requests";

/** One change's steps: edit → confirm → sent (an operation to follow), with the server's refusal kept to show. */
export function useBuyerChange<I>(
  action: (input: I) => Promise<BuyerActionResult<Started>>,
  onStarted: (started: Started) => void,
  /** Back hands the keyboard focus here (the review button), where the buyer left, not to the page's start. */
  reviewButton: RefObject<HTMLButtonElement | null>,
) {
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = (input: I) =>
    startTransition(async () => {
      const result = await action(input);
      setConfirming(false);
      if (result.ok) {
        setError(null);
        onStarted(result.data);
      } else setError(result.message);
    });
  const review = () => {
    setError(null);
    setConfirming(true);
  };
  const back = () => {
    setConfirming(false);
    requestAnimationFrame(() => reviewButton.current?.focus());
  };
  return { pending, confirming, error, send, review, back, fail: setError };
}
