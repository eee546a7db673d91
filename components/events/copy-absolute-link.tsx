"use client";
import { useState } from "react";
import { toAbsoluteLink } from "@/lib/events/absolute-link";

/** Copies the page's link with the relative range turned into the absolute window shown now. */
export function CopyAbsoluteLink() {
  const [copied, setCopied] = useState<string | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const copy = async () => {
    const link = toAbsoluteLink(window.location.href, new Date());
    setLink(link);
    try {
      await navigator.clipboard.writeText(link);
      setCopied("Link copied");
    } catch {
      // No clipboard permission (plain HTTP, a denied prompt): show the link to copy by hand.
      setCopied(link);
    }
  };
  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" className="btn" onClick={() => void copy()} data-testid="copy-absolute-link">
        Copy link with absolute time
      </button>
      {copied && (
        <output className="max-w-xs truncate text-xs text-slate-600" data-testid="copied-link" data-link={link ?? undefined}>
          {copied}
        </output>
      )}
    </span>
  );
}
