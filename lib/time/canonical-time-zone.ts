// The canonical IANA name of a time zone this runtime knows ("america/new_york" → "America/New_York"),
// or null for anything else. Used to validate a person's time-zone setting before it is stored.

export function canonicalTimeZone(zone: string): string | null {
  if (!zone || zone.length > 64) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
