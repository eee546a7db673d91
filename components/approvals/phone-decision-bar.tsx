"use client";
import { useEffect, useRef, useState } from "react";

/**
 * On a narrow screen (below 1024 px) a request is long: its parameters, budgets and precedents come before the
 * decision form. This bar stays at the bottom of the screen while the form is out of view, so Deny and Approve
 * are one tap away. It drives the form itself (no second way to decide): Approve presses the form's Approve
 * (the confirm step, or the comment a rule requires, comes into view); Deny presses the form's Deny (which asks
 * for the reason in the comment box, brought into view). Goes last inside the request's <article>.
 */
export function PhoneDecisionBar() {
  const bar = useRef<HTMLDivElement>(null);
  const [formInView, setFormInView] = useState(false);
  const form = () => bar.current?.closest("article")?.querySelector<HTMLFormElement>('form[aria-label="Decision"]') ?? null;
  useEffect(() => {
    const f = form();
    if (!f) return;
    const io = new IntersectionObserver(([entry]) => setFormInView(entry.isIntersecting), { threshold: 0.35 });
    io.observe(f);
    return () => io.disconnect();
  }, []);
  function press(which: "approve" | "deny") {
    const f = form();
    if (!f) return;
    const button = which === "approve" ? f.querySelector<HTMLButtonElement>('button[type="submit"]') : f.querySelector<HTMLButtonElement>("button.btn-danger");
    f.scrollIntoView({ block: "end", behavior: "instant" });
    button?.click();
  }
  return (
    <div
      ref={bar}
      data-testid="phone-decision-bar"
      aria-hidden={formInView || undefined}
      className={`sticky bottom-0 z-10 -mx-4 -mb-4 flex gap-2 border-t border-slate-200 bg-white/95 p-3 backdrop-blur lg:hidden ${formInView ? "invisible" : ""}`}
    >
      <span className="mr-auto self-center text-xs text-slate-600">Decide</span>
      <button type="button" className="btn btn-danger" tabIndex={formInView ? -1 : undefined} onClick={() => press("deny")}>
        Deny…
      </button>
      <button type="button" className="btn btn-primary" tabIndex={formInView ? -1 : undefined} onClick={() => press("approve")}>
        Approve…
      </button>
    </div>
  );
}
