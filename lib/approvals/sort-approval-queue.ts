// The order of the reviewer queue (pure; the sort lives in the URL as `sort`).

export const QUEUE_SORTS = ["urgency", "risk", "oldest"] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

export const QUEUE_SORT_LABELS: Record<QueueSort, string> = {
  urgency: "Time left, then risk",
  risk: "Risk, then time left",
  oldest: "Oldest first",
};

/** The sort named in the URL, or the default (urgency) for none or an unknown one. */
export function parseQueueSort(value: string | null | undefined): QueueSort {
  return (QUEUE_SORTS as readonly string[]).includes(value ?? "") ? (value as QueueSort) : "urgency";
}

interface Sortable {
  id: string;
  expiresAt: string;
  createdAt: string;
  risk: { score: number };
}

/** Whole minutes left (rounded up, 0 once expired): requests within the same minute are ordered by risk. */
function minutesLeft(expiresAt: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(expiresAt) - now) / 60_000));
}

/**
 * The queue in the chosen order (a new array):
 *  - urgency: least time left first, counted in whole minutes, then highest risk, then earliest deadline;
 *  - risk: highest risk first, then earliest deadline;
 *  - oldest: in arrival order.
 * Ties end on arrival, then id, so the order is stable between refreshes.
 */
export function sortApprovalQueue<T extends Sortable>({ items, sort, now }: { items: readonly T[]; sort: QueueSort; now: number }): T[] {
  const deadline = (a: T) => Date.parse(a.expiresAt);
  const arrival = (a: T, b: T) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const compare: Record<QueueSort, (a: T, b: T) => number> = {
    urgency: (a, b) => minutesLeft(a.expiresAt, now) - minutesLeft(b.expiresAt, now) || b.risk.score - a.risk.score || deadline(a) - deadline(b) || arrival(a, b),
    risk: (a, b) => b.risk.score - a.risk.score || deadline(a) - deadline(b) || arrival(a, b),
    oldest: arrival,
  };
  return [...items].sort(compare[sort]);
}
