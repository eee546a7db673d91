-- AlterTable
ALTER TABLE "approvals" ADD COLUMN     "claimed_at" TIMESTAMPTZ(3),
ADD COLUMN     "claimed_by_id" UUID;

-- CreateIndex
CREATE INDEX "approvals_tool_decided_at_idx" ON "approvals"("tool", "decided_at");

-- CreateIndex
CREATE INDEX "approvals_user_id_decided_at_idx" ON "approvals"("user_id", "decided_at");

-- CreateIndex
CREATE INDEX "approvals_rule_id_decided_at_idx" ON "approvals"("rule_id", "decided_at");

-- A claim is advisory and only means something while the request is pending: whatever path decides it
-- (approve, deny, expire, cancel, a standing rule), this trigger clears the claim in the same statement.
CREATE FUNCTION approvals_clear_claim_on_decision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'pending' AND NEW.status <> 'pending' THEN
    NEW.claimed_by_id := NULL;
    NEW.claimed_at := NULL;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER approvals_clear_claim_on_decision
  BEFORE UPDATE OF status ON approvals
  FOR EACH ROW EXECUTE FUNCTION approvals_clear_claim_on_decision();
