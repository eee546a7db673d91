-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "notified_at" TIMESTAMPTZ(3);

-- Alerts raised before channels existed count as notified (no late burst of old notifications).
UPDATE "alerts" SET "notified_at" = "first_seen_at";

-- CreateIndex
CREATE INDEX "alerts_notified_at_idx" ON "alerts"("notified_at");

-- CreateIndex
CREATE INDEX "alerts_first_seen_at_idx" ON "alerts"("first_seen_at");
