import type { ReactNode } from "react";

/** A titled message block for the landing page's states and problems. */
export function Panel({
  title,
  tone = "neutral",
  level = 1,
  children,
}: {
  title: string;
  tone?: "neutral" | "success" | "warning" | "error";
  level?: 1 | 2;
  children: ReactNode;
}) {
  const tones = {
    neutral: "border-slate-200 bg-white",
    success: "border-emerald-300 bg-emerald-50",
    warning: "border-amber-300 bg-amber-50",
    error: "border-red-300 bg-red-50",
  };
  return (
    <section className={`space-y-3 rounded-lg border p-5 ${tones[tone]}`} role={tone === "error" ? "alert" : undefined}>
      {level === 1 ? (
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      ) : (
        <h2 className="text-xl font-semibold tracking-tight">{title}</h2>
      )}
      {children}
    </section>
  );
}
