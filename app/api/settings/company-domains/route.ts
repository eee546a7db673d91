import { withSession } from "@/lib/http/route";
import { PutCompanyDomainsBody } from "@/lib/settings/company-domains-schema";
import { getCompanyDomains } from "@/lib/settings/get-company-domains";
import { setCompanyDomains } from "@/lib/settings/set-company-domains";

// GET /api/settings/company-domains — the company's own domains (reviewers see addresses outside them marked).
export const GET = withSession({ permission: "approvals:read" }, async () => ({ domains: await getCompanyDomains() }));

// PUT /api/settings/company-domains {domains: ["example.com", …]} — those who edit approval rules (admin, security). Audited.
export const PUT = withSession({ permission: "approval_rules:write", body: PutCompanyDomainsBody }, async ({ body, actor }) => setCompanyDomains({ input: body, actor }));
