import { z } from "zod";

// The company's own e-mail and web domains (Settings → Company domains). Reviewers see e-mail addresses and
// links outside them marked in a request's params (lib/approvals/find-risky-params.ts).

export const MAX_COMPANY_DOMAINS = 50;

export const CompanyDomain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "a domain such as example.com (no scheme, no path, no @)");

// PUT /api/settings/company-domains
export const PutCompanyDomainsBody = z
  .object({
    domains: z
      .array(CompanyDomain)
      .max(MAX_COMPANY_DOMAINS)
      .transform((d) => [...new Set(d)]),
  })
  .strict();
export type PutCompanyDomainsBody = z.input<typeof PutCompanyDomainsBody>;

// GET|PUT /api/settings/company-domains
export const CompanyDomainsResponse = z.object({ domains: z.array(z.string()) });
export type CompanyDomainsResponse = z.infer<typeof CompanyDomainsResponse>;
