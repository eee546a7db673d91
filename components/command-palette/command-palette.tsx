"use client";
import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/http/api-client";
import type { SearchHit } from "@/lib/search/schema";
import { isTypingTarget } from "@/components/approvals/is-typing-target";

const KIND_LABEL: Record<SearchHit["kind"], string> = { page: "Page", event: "Event", approval: "Approval", tool: "Tool", user: "User" };

/**
 * The command palette: `/` (when not typing in a field) or Ctrl-K / ⌘K opens it; type a page, an event or
 * approval id, a tool or a user; arrows choose, Enter opens, Escape closes. Hits come from GET /api/search,
 * limited to what the role can open.
 */
export function CommandPalette() {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const router = useRouter();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.key === "k" || e.key === "K") && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        setOpen(true);
      } else if (e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey && !isTypingTarget(e.target)) {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  useEffect(() => {
    if (open) input.current?.focus();
    else {
      setText("");
      setQ("");
    }
  }, [open]);
  // A short pause after typing before asking the server.
  useEffect(() => {
    const t = setTimeout(() => setQ(text.trim()), 150);
    return () => clearTimeout(t);
  }, [text]);
  useEffect(() => setActive(0), [q]);

  const hits = useQuery({
    queryKey: ["search", q],
    queryFn: () => apiFetch<{ hits: SearchHit[] }>(`/api/search?${new URLSearchParams({ q })}`),
    enabled: open && q.length > 0,
    staleTime: 10_000,
  });
  const list = q ? (hits.data?.hits ?? []) : [];

  if (!open) return null;
  const go = (h: SearchHit | undefined) => {
    if (!h) return;
    setOpen(false);
    router.push(h.href);
  };
  return (
    <div className="fixed inset-0 z-50 flex items-start justify-center bg-slate-900/40 p-4 pt-[15vh]" onMouseDown={(e) => e.target === e.currentTarget && setOpen(false)}>
      <div role="dialog" aria-modal="true" aria-label="Command palette" className="w-full max-w-lg rounded-lg bg-white shadow-xl">
        <input
          ref={input}
          role="combobox"
          aria-expanded={list.length > 0}
          aria-controls="palette-results"
          aria-activedescendant={list[active] ? `palette-hit-${active}` : undefined}
          aria-label="Jump to a page, an event or approval id, a tool or a user"
          placeholder="Jump to a page, an event or approval id, a tool or a user…"
          className="w-full rounded-t-lg border-b border-slate-200 px-4 py-3 text-sm outline-none"
          value={text}
          maxLength={200}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") setOpen(false);
            else if (e.key === "ArrowDown") {
              e.preventDefault();
              setActive((a) => Math.min(a + 1, Math.max(list.length - 1, 0)));
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, 0));
            } else if (e.key === "Enter") {
              e.preventDefault();
              go(list[active]);
            }
          }}
        />
        <ul id="palette-results" role="listbox" aria-label="Results" className="max-h-80 overflow-y-auto py-1">
          {q && hits.isFetching && list.length === 0 && <li className="px-4 py-2 text-sm text-slate-500">Searching…</li>}
          {q && !hits.isFetching && list.length === 0 && <li className="px-4 py-2 text-sm text-slate-500">Nothing found.</li>}
          {list.map((h, i) => (
            <li
              key={`${h.kind}:${h.href}`}
              id={`palette-hit-${i}`}
              role="option"
              aria-selected={i === active}
              className={`flex cursor-pointer items-baseline gap-2 px-4 py-2 text-sm ${i === active ? "bg-indigo-50" : ""}`}
              onMouseEnter={() => setActive(i)}
              onClick={() => go(h)}
            >
              <span className="w-16 shrink-0 text-xs text-slate-500">{KIND_LABEL[h.kind]}</span>
              <span className="min-w-0 truncate font-medium">{h.label}</span>
              {h.detail && <span className="ml-auto truncate text-xs text-slate-500">{h.detail}</span>}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
