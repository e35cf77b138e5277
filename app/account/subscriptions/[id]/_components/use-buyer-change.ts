"use client";

import { useState, useTransition } from "react";
import type { BuyerActionResult } from "@/lib/auth/buyer-action";
import type { Started } from "@/lib/self-service/requests";

/** One change's steps: edit → confirm → sent (an operation to follow), with the server's refusal kept to show. */
export function useBuyerChange<I>(
  action: (input: I) => Promise<BuyerActionResult<Started>>,
  onStarted: (started: Started) => void,
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
  return { pending, confirming, error, send, review, back: () => setConfirming(false), fail: setError };
}
