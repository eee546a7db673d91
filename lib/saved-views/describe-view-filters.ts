// What a saved view filters on, as the Views menu lists it ("gateway prod-east, tool send_email"). Pure and
// isomorphic; unit-tested (describe-view-filters.test.ts). The query keeps a gateway by its id (the URL's
// own value); a person expects its name, so ids are resolved against the gateways the page's filter bar
// already reads (GET /api/metrics/options): one list for every view, not one request per view.

const PARAM_LABELS: Record<string, string> = {
  gateway: "gateway",
  server: "server",
  tool: "tool",
  team: "team",
  user: "user",
  status: "status",
  flag: "risk flag",
  errorType: "error type",
  q: "search",
  cost: "cost by",
  spend: "spend by",
  compare: "compared with",
};

/** Words for the values of filters that are modes, not names (the compare picker's own labels, lowercased). */
const VALUE_WORDS: Record<string, Record<string, string>> = {
  compare: { previous: "the previous period", week: "the same time last week" },
};

/** One filter of a view: its label and, unless it is a switch ("live tail"), the value to show. */
export interface ViewFilterPart {
  key: string;
  label: string;
  value?: string;
}

/** The first 8 characters of an id, enough to tell two apart in a list. */
const shortId = (id: string) => id.slice(0, 8);

/**
 * The view's filters (the window is described apart, by its range), in the query's order. A gateway is named:
 * "gateway <name>"; one no longer in the list is "deleted gateway <short id>"; while the list is still loading
 * (`gateways` undefined) "gateway <short id>…".
 */
export function describeViewFilters({ query, gateways }: { query: Record<string, string>; gateways: readonly { id: string; name: string }[] | undefined }): ViewFilterPart[] {
  const parts: ViewFilterPart[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (key === "range" || key === "from" || key === "to") continue;
    if (key === "live") {
      parts.push({ key, label: "live tail" });
    } else if (key === "gateway") {
      if (!gateways) parts.push({ key, label: "gateway", value: `${shortId(value)}…` });
      else {
        const gw = gateways.find((g) => g.id === value);
        parts.push(gw ? { key, label: "gateway", value: gw.name } : { key, label: "deleted gateway", value: shortId(value) });
      }
    } else {
      parts.push({ key, label: PARAM_LABELS[key] ?? key, value: VALUE_WORDS[key]?.[value] ?? value });
    }
  }
  return parts;
}
