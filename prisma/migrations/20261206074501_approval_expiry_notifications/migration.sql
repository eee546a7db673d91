-- AlterTable
ALTER TABLE "approval_rules" ADD COLUMN     "escalate_at_percent" INTEGER NOT NULL DEFAULT 75,
ADD COLUMN     "escalation_team" TEXT,
ADD COLUMN     "warn_at_percent" INTEGER NOT NULL DEFAULT 50;

-- AlterTable
ALTER TABLE "approvals" ADD COLUMN     "escalated_at" TIMESTAMPTZ(3),
ADD COLUMN     "escalated_to" TEXT,
ADD COLUMN     "extend_reason" TEXT,
ADD COLUMN     "extended_at" TIMESTAMPTZ(3),
ADD COLUMN     "warned_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "notification_preferences" (
    "user_id" UUID NOT NULL,
    "browser" BOOLEAN NOT NULL DEFAULT true,
    "email" BOOLEAN NOT NULL DEFAULT false,
    "webhook_channel_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notification_preferences_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "approval_notifications" (
    "id" UUID NOT NULL,
    "approval_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "approval_notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "approval_links" (
    "id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "approval_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "decision" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "approval_links_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "approval_notifications_approval_id_idx" ON "approval_notifications"("approval_id");

-- CreateIndex
CREATE UNIQUE INDEX "approval_links_token_hash_key" ON "approval_links"("token_hash");

-- CreateIndex
CREATE INDEX "approval_links_approval_id_user_id_idx" ON "approval_links"("approval_id", "user_id");
