"use client";

/** What a page could not honour of its URL (from parseUrlRange and the like), said where the reader looks. */
export function UrlProblems({ problems }: { problems: readonly string[] }) {
  if (problems.length === 0) return null;
  return (
    <p role="status" data-testid="url-problems" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      {problems.join(" ")}
    </p>
  );
}
