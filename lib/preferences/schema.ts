import { z } from "zod";
import { canonicalTimeZone } from "../time/canonical-time-zone";

// A person's own preferences (the /account page). Time zone: "browser" follows the browser's zone, any
// other value is an IANA zone name ("Europe/Berlin", "UTC"), stored in its canonical spelling.

export const TimeZonePreference = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((v) => v === "browser" || canonicalTimeZone(v) !== null, "an IANA time zone such as Europe/Berlin or UTC, or \"browser\"")
  .transform((v) => (v === "browser" ? v : canonicalTimeZone(v)!));

// PATCH /api/me/preferences
export const PatchPreferencesBody = z.object({ timeZone: TimeZonePreference.optional() }).strict();
export type PatchPreferencesBody = z.input<typeof PatchPreferencesBody>;

// GET|PATCH /api/me/preferences
export const PreferencesResponse = z.object({ timeZone: z.string() });
export type PreferencesResponse = z.infer<typeof PreferencesResponse>;
