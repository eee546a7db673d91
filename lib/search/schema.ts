import { z } from "zod";

// GET /api/search?q= — what the command palette offers for a query.
export const SearchQuery = z.object({ q: z.string().trim().min(1, "type something to search").max(200) });
export type SearchQuery = z.infer<typeof SearchQuery>;

export interface SearchHit {
  kind: "page" | "event" | "approval" | "tool" | "user";
  label: string;
  detail?: string;
  href: string;
}
