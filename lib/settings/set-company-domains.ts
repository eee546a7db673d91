import "server-only";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { db } from "../db";
import { TX_OPTIONS } from "../gateways/tx-options";
import { PutCompanyDomainsBody, type CompanyDomainsResponse } from "./company-domains-schema";
import { COMPANY_DOMAINS_SETTING_KEY } from "./get-company-domains";

/** PUT /api/settings/company-domains: replace the company's domains. Audited with the old and new lists. */
export async function setCompanyDomains(opts: { input: PutCompanyDomainsBody; actor: AuditActor }): Promise<CompanyDomainsResponse> {
  const { domains } = PutCompanyDomainsBody.parse(opts.input);
  const value = JSON.stringify(domains);
  return db().$transaction(async (tx) => {
    const before = (await tx.setting.findUnique({ where: { key: COMPANY_DOMAINS_SETTING_KEY } }))?.value ?? "[]";
    await tx.setting.upsert({ where: { key: COMPANY_DOMAINS_SETTING_KEY }, create: { key: COMPANY_DOMAINS_SETTING_KEY, value }, update: { value } });
    await recordAudit(tx, {
      actor: opts.actor,
      action: "settings.company_domains",
      targetType: "setting",
      targetId: COMPANY_DOMAINS_SETTING_KEY,
      before: { domains: JSON.parse(before) as unknown },
      after: { domains },
    });
    return { domains };
  }, TX_OPTIONS);
}
