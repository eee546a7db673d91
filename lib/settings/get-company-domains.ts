import "server-only";
import { db } from "../db";
import { CompanyDomain } from "./company-domains-schema";

export const COMPANY_DOMAINS_SETTING_KEY = "approvals.company_domains";

/**
 * The company's own domains (lowercase), as an admin set them in Settings; [] when none are set (then every
 * domain in a request's params counts as external). Stored as a JSON array in the settings table; a value
 * that does not parse reads as none (reviewers then see more marked, never less).
 */
export async function getCompanyDomains(): Promise<string[]> {
  const row = await db().setting.findUnique({ where: { key: COMPANY_DOMAINS_SETTING_KEY } });
  if (!row) return [];
  try {
    const parsed: unknown = JSON.parse(row.value);
    return Array.isArray(parsed) ? parsed.flatMap((d) => (CompanyDomain.safeParse(d).success ? [CompanyDomain.parse(d)] : [])) : [];
  } catch {
    return [];
  }
}
