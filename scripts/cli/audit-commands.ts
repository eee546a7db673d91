import type { Command } from "commander";
import { verifyAuditChain } from "../../lib/audit/verify-audit-chain";
import type { Run } from "../warden";

export function registerAuditCommands(program: Command, run: Run) {
  const audit = program.command("audit").description("the audit trail of people's actions");
  audit
    .command("verify")
    .description("recompute the hash chain; exit 1 and name the first broken entry if it was tampered with")
    .action(() => run(() => verifyAuditChain()));
}
