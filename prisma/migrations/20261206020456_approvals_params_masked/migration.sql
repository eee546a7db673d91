-- AlterTable
ALTER TABLE "approvals" ADD COLUMN     "params_masked" JSONB,
ADD COLUMN     "params_redacted_at" TIMESTAMPTZ(3);

-- Reviewers' copy of the params with detected secrets masked (lib/guards/mask-secrets.ts), stored when the
-- request arrives. Full params are kept only while the request is pending: whatever path decides it
-- (approve, deny, expire, cancel), this trigger replaces them by the masked copy in the same statement.
-- The hash and the decision stay (docs/approvals.md).
CREATE FUNCTION approvals_redact_params_on_decision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'pending' AND NEW.status <> 'pending' THEN
    NEW.params := NEW.params_masked;
    NEW.params_redacted_at := clock_timestamp();
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER approvals_redact_params_on_decision
  BEFORE UPDATE OF status ON approvals
  FOR EACH ROW EXECUTE FUNCTION approvals_redact_params_on_decision();
