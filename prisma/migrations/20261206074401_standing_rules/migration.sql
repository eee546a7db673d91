-- AlterTable
ALTER TABLE "approval_rules" ADD COLUMN     "human_every_time" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "approval_votes" ADD COLUMN     "standing_rule_id" UUID;

-- CreateTable
CREATE TABLE "standing_rules" (
    "id" UUID NOT NULL,
    "number" SERIAL NOT NULL,
    "scope" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "server" TEXT NOT NULL,
    "tool" TEXT NOT NULL,
    "constraints" JSONB NOT NULL,
    "rule_id" UUID,
    "source_approval_id" UUID,
    "created_by_id" UUID NOT NULL,
    "created_by_email" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by_id" UUID,
    "revoked_by_email" TEXT,
    "fire_count" INTEGER NOT NULL DEFAULT 0,
    "last_fired_at" TIMESTAMPTZ(3),

    CONSTRAINT "standing_rules_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "standing_rules_number_key" ON "standing_rules"("number");

-- CreateIndex
CREATE INDEX "standing_rules_server_tool_idx" ON "standing_rules"("server", "tool");
