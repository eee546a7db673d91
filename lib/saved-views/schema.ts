import { z } from "zod";
import { EVENT_STATUSES } from "../events/schema";
import { findInvisibleCharacters, describeInvisibleRun } from "../guards/find-invisible-characters";
import { COMPARE_MODES } from "../metrics/previous-window";
import { MetricsFilters } from "../metrics/schema";
import { RANGE_KEYS, type RangeKey } from "../metrics/time-window";

// Contracts of the saved-views API (session auth, app/api/saved-views/**): a named set of one page's
// filters and time range, personal or shared with everyone who may open that page. Isomorphic: the
// Views menu uses the same schemas and the same query check as the server.

export const SAVED_VIEW_PAGES = ["events", "overview"] as const;
export type SavedViewPage = (typeof SAVED_VIEW_PAGES)[number];

/** The page a view restores (its entry in lib/auth/nav.ts decides who may open it, and so see it when shared). */
export const SAVED_VIEW_PAGE_HREFS: Record<SavedViewPage, string> = { events: "/events", overview: "/" };

export const MAX_VIEW_NAME_LENGTH = 80;
/** The restored URL's query string is at most this long (a browser URL, not a document). */
export const MAX_VIEW_QUERY_LENGTH = 2000;
/** Views one person may keep per page. */
export const MAX_VIEWS_PER_PAGE = 100;

const iso = z.iso.datetime({ offset: true, message: "must be an ISO timestamp with a time zone, e.g. 2026-12-01T10:00:00Z" });
const filter = MetricsFilters.shape;

/** The range and dimension filters both pages read (lib/metrics/schema.ts MetricsQuery). */
const COMMON_PARAMS = {
  range: z.enum(RANGE_KEYS),
  from: iso,
  to: iso,
  gateway: filter.gateway.unwrap(),
  server: filter.server.unwrap(),
  tool: filter.tool.unwrap(),
  team: filter.team.unwrap(),
  user: filter.user.unwrap(),
};

/** Each page's known URL parameters and what each may hold: a view stores nothing else. */
export const VIEW_QUERY_PARAMS: Record<SavedViewPage, Record<string, z.ZodType<string, string>>> = {
  events: {
    ...COMMON_PARAMS,
    status: z.enum(EVENT_STATUSES),
    flag: z.string().trim().min(1).max(100),
    errorType: z.string().trim().min(1).max(200),
    q: z.string().trim().min(1).max(200),
    live: z.literal("1", { message: "must be 1 (live tail on) or absent" }),
  },
  overview: {
    ...COMMON_PARAMS,
    cost: z.enum(["team", "tool"]),
    spend: z.enum(["user", "team"]),
    compare: z.enum(COMPARE_MODES),
  },
};

/** What a view's query holds before checking: string values under string keys (the URL's own shape). */
export const ViewQueryInput = z.record(z.string().max(100), z.string().max(MAX_VIEW_QUERY_LENGTH)).refine((q) => Object.keys(q).length <= 30, "has too many parameters");

// Names are shown to other people (shared views): no line breaks or control characters, and nothing that
// makes the name read differently from what it is (bidirectional controls, invisible Unicode tags).
const REFUSED_IN_NAMES = new Set(["control", "bidi", "tag"]);
export const ViewName = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(MAX_VIEW_NAME_LENGTH, `must be at most ${MAX_VIEW_NAME_LENGTH} characters`)
  .superRefine((name, ctx) => {
    if (/[\n\r\t]/.test(name)) ctx.addIssue({ code: "custom", message: "must be one line (no line breaks or tabs)" });
    const bad = findInvisibleCharacters(name).filter((r) => REFUSED_IN_NAMES.has(r.kind));
    if (bad.length) {
      ctx.addIssue({ code: "custom", message: `must not contain control characters, bidirectional controls or Unicode tag characters (found ${bad.map((r) => describeInvisibleRun(r, 40)).join(", ")})` });
    }
  });

// GET /api/saved-views?page=events|overview (no page: every page the caller may open)
export const ListSavedViewsQuery = z.object({ page: z.enum(SAVED_VIEW_PAGES).optional() });
export type ListSavedViewsQuery = z.infer<typeof ListSavedViewsQuery>;

// POST /api/saved-views — the query is checked against the page's known parameters (check-view-query.ts).
export const CreateSavedViewBody = z
  .object({
    page: z.enum(SAVED_VIEW_PAGES),
    name: ViewName,
    query: ViewQueryInput,
    shared: z.boolean().default(false),
  })
  .strict();
export type CreateSavedViewBody = z.infer<typeof CreateSavedViewBody>;

// PATCH /api/saved-views/{id} — rename, replace the query, share or unshare (the owner only).
export const UpdateSavedViewBody = z
  .object({ name: ViewName.optional(), query: ViewQueryInput.optional(), shared: z.boolean().optional() })
  .strict()
  .refine((b) => b.name !== undefined || b.query !== undefined || b.shared !== undefined, "give name, query or shared");
export type UpdateSavedViewBody = z.infer<typeof UpdateSavedViewBody>;

export const SavedViewIdParams = z.object({ id: z.uuid() });

/** How a view's time window restores: a preset stays relative to now; from/to stay those instants. */
export type ViewRange = { kind: "relative"; range: Exclude<RangeKey, "custom"> } | { kind: "absolute"; from: string; to: string };

export interface SavedViewView {
  id: string;
  page: SavedViewPage;
  name: string;
  /** The page's URL parameters the view restores (only known ones, checked). */
  query: Record<string, string>;
  /** Where applying the view navigates: the page with exactly that query. */
  href: string;
  range: ViewRange;
  shared: boolean;
  /** The caller's own view (may rename, change, share and delete it). */
  mine: boolean;
  owner: { email: string; name: string | null };
  createdAt: string;
  updatedAt: string;
}

export interface SavedViewList {
  /** The caller's views, shared or not. */
  mine: SavedViewView[];
  /** Other people's shared views on pages the caller may open. */
  shared: SavedViewView[];
}
