const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in URLs are untrusted: anything that is not a UUID is simply "not found" (never a database error). */
export const isUuid = (s: string | null | undefined): s is string => typeof s === "string" && UUID_RE.test(s);
