"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

export type UrlFilters<K extends string> = Partial<Record<K, string>>;

/**
 * Page state kept in the URL (shareable; the back button works): the given keys of the query string, and a
 * setter that pushes a new URL with some keys changed (undefined or "" removes a key).
 */
export function useUrlFilters<K extends string>(keys: readonly K[]): [UrlFilters<K>, (patch: Partial<Record<K, string | undefined>>) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const serialized = params.toString();
  const values = useMemo(() => {
    const out: UrlFilters<K> = {};
    const p = new URLSearchParams(serialized);
    for (const k of keys) {
      const v = p.get(k);
      if (v) out[k] = v;
    }
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [serialized, keys.join(",")]);
  const set = useCallback(
    (patch: Partial<Record<K, string | undefined>>) => {
      const next = new URLSearchParams(serialized);
      for (const [k, v] of Object.entries(patch) as [K, string | undefined][]) {
        if (v === undefined || v === "") next.delete(k);
        else next.set(k, v);
      }
      const qs = next.toString();
      router.push(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [serialized, router, pathname],
  );
  return [values, set];
}

/** A query string of the defined values, in a stable order. */
export function toQueryString(values: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const k of Object.keys(values).sort()) {
    const v = values[k];
    if (v !== undefined && v !== "") p.set(k, v);
  }
  return p.toString();
}
