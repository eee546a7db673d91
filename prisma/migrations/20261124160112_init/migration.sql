-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'security', 'reviewer', 'manager', 'viewer');

-- CreateEnum
CREATE TYPE "ApprovalStatus" AS ENUM ('pending', 'approved', 'denied', 'expired', 'cancelled');

-- CreateEnum
CREATE TYPE "BudgetScope" AS ENUM ('global', 'team', 'user', 'gateway', 'server', 'tool');

-- CreateEnum
CREATE TYPE "BudgetPeriodKind" AS ENUM ('day', 'week', 'month');

-- CreateEnum
CREATE TYPE "BudgetMode" AS ENUM ('hard', 'soft');

-- CreateEnum
CREATE TYPE "ReservationStatus" AS ENUM ('active', 'settled', 'released', 'expired');

-- CreateEnum
CREATE TYPE "AlertSeverity" AS ENUM ('info', 'warning', 'critical');

-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('open', 'acknowledged', 'resolved');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "password_hash" TEXT,
    "roles" "Role"[],
    "team" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "session_version" INTEGER NOT NULL DEFAULT 0,
    "last_login_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "seq" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "actor_email" TEXT,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT,
    "ip" TEXT,
    "user_agent" TEXT,
    "before" JSONB,
    "after" JSONB,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "gateways" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "owner_team" TEXT,
    "last_seen_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "gateways_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "gateway_id" UUID NOT NULL,
    "name" TEXT,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "scopes" TEXT[],
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "id" UUID NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "gateway_id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "team" TEXT,
    "agent" TEXT,
    "session_id" TEXT,
    "trace_id" TEXT,
    "server" TEXT NOT NULL,
    "tool" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "error_type" TEXT,
    "duration_ms" INTEGER,
    "cost_usd" DECIMAL(18,6),
    "input_tokens" INTEGER,
    "output_tokens" INTEGER,
    "risk_flags" TEXT[],
    "params" JSONB,
    "result_summary" TEXT,
    "approval_id" UUID,
    "reservation_id" UUID,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id","ts")
);

-- CreateTable
CREATE TABLE "rollup_minute" (
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "gateway_id" UUID NOT NULL,
    "server" TEXT NOT NULL,
    "tool" TEXT NOT NULL,
    "team" TEXT NOT NULL DEFAULT '',
    "calls" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "blocked" INTEGER NOT NULL DEFAULT 0,
    "timeouts" INTEGER NOT NULL DEFAULT 0,
    "denied" INTEGER NOT NULL DEFAULT 0,
    "flagged" INTEGER NOT NULL DEFAULT 0,
    "cost_usd" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "input_tokens" BIGINT NOT NULL DEFAULT 0,
    "output_tokens" BIGINT NOT NULL DEFAULT 0,
    "duration_sum" BIGINT NOT NULL DEFAULT 0,
    "duration_n" INTEGER NOT NULL DEFAULT 0,
    "lat_0" INTEGER NOT NULL DEFAULT 0,
    "lat_1" INTEGER NOT NULL DEFAULT 0,
    "lat_2" INTEGER NOT NULL DEFAULT 0,
    "lat_3" INTEGER NOT NULL DEFAULT 0,
    "lat_4" INTEGER NOT NULL DEFAULT 0,
    "lat_5" INTEGER NOT NULL DEFAULT 0,
    "lat_6" INTEGER NOT NULL DEFAULT 0,
    "lat_7" INTEGER NOT NULL DEFAULT 0,
    "lat_8" INTEGER NOT NULL DEFAULT 0,
    "lat_9" INTEGER NOT NULL DEFAULT 0,
    "lat_10" INTEGER NOT NULL DEFAULT 0,
    "lat_11" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "rollup_minute_pkey" PRIMARY KEY ("bucket","gateway_id","server","tool","team")
);

-- CreateTable
CREATE TABLE "rollup_hour" (
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "gateway_id" UUID NOT NULL,
    "server" TEXT NOT NULL,
    "tool" TEXT NOT NULL,
    "team" TEXT NOT NULL DEFAULT '',
    "calls" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "blocked" INTEGER NOT NULL DEFAULT 0,
    "timeouts" INTEGER NOT NULL DEFAULT 0,
    "denied" INTEGER NOT NULL DEFAULT 0,
    "flagged" INTEGER NOT NULL DEFAULT 0,
    "cost_usd" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "input_tokens" BIGINT NOT NULL DEFAULT 0,
    "output_tokens" BIGINT NOT NULL DEFAULT 0,
    "duration_sum" BIGINT NOT NULL DEFAULT 0,
    "duration_n" INTEGER NOT NULL DEFAULT 0,
    "lat_0" INTEGER NOT NULL DEFAULT 0,
    "lat_1" INTEGER NOT NULL DEFAULT 0,
    "lat_2" INTEGER NOT NULL DEFAULT 0,
    "lat_3" INTEGER NOT NULL DEFAULT 0,
    "lat_4" INTEGER NOT NULL DEFAULT 0,
    "lat_5" INTEGER NOT NULL DEFAULT 0,
    "lat_6" INTEGER NOT NULL DEFAULT 0,
    "lat_7" INTEGER NOT NULL DEFAULT 0,
    "lat_8" INTEGER NOT NULL DEFAULT 0,
    "lat_9" INTEGER NOT NULL DEFAULT 0,
    "lat_10" INTEGER NOT NULL DEFAULT 0,
    "lat_11" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "rollup_hour_pkey" PRIMARY KEY ("bucket","gateway_id","server","tool","team")
);

-- CreateTable
CREATE TABLE "rollup_user_day" (
    "day" DATE NOT NULL,
    "user_id" TEXT NOT NULL,
    "team" TEXT NOT NULL DEFAULT '',
    "gateway_id" UUID NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "blocked" INTEGER NOT NULL DEFAULT 0,
    "flagged" INTEGER NOT NULL DEFAULT 0,
    "cost_usd" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "input_tokens" BIGINT NOT NULL DEFAULT 0,
    "output_tokens" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "rollup_user_day_pkey" PRIMARY KEY ("day","user_id","team","gateway_id")
);

-- CreateTable
CREATE TABLE "rollup_flag_minute" (
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "gateway_id" UUID NOT NULL,
    "tool" TEXT NOT NULL,
    "flag" TEXT NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "rollup_flag_minute_pkey" PRIMARY KEY ("bucket","gateway_id","tool","flag")
);

-- CreateTable
CREATE TABLE "approval_rules" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "priority" INTEGER NOT NULL DEFAULT 100,
    "gateway_pattern" TEXT NOT NULL DEFAULT '*',
    "server_pattern" TEXT NOT NULL DEFAULT '*',
    "tool_pattern" TEXT NOT NULL DEFAULT '*',
    "min_cost_usd" DECIMAL(18,6),
    "risk_flags" TEXT[],
    "required_approvals" INTEGER NOT NULL DEFAULT 1,
    "timeout_seconds" INTEGER NOT NULL DEFAULT 300,
    "require_comment_to_approve" BOOLEAN NOT NULL DEFAULT false,
    "reviewer_team" TEXT,
    "webhook_url" TEXT,
    "webhook_secret" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "approval_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "approvals" (
    "id" UUID NOT NULL,
    "gateway_id" UUID NOT NULL,
    "request_id" TEXT NOT NULL,
    "status" "ApprovalStatus" NOT NULL DEFAULT 'pending',
    "server" TEXT NOT NULL,
    "tool" TEXT NOT NULL,
    "params" JSONB,
    "params_hash" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "team" TEXT,
    "session_id" TEXT,
    "agent" TEXT,
    "reason" TEXT,
    "justification" TEXT,
    "user_goal" TEXT,
    "risk_score" DOUBLE PRECISION,
    "risk_flags" TEXT[],
    "estimated_cost_usd" DECIMAL(18,6),
    "rule_id" UUID,
    "required_approvals" INTEGER NOT NULL DEFAULT 1,
    "require_comment" BOOLEAN NOT NULL DEFAULT false,
    "reviewer_team" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "decided_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "approvals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "approval_votes" (
    "id" UUID NOT NULL,
    "approval_id" UUID NOT NULL,
    "reviewer_id" UUID NOT NULL,
    "decision" TEXT NOT NULL,
    "comment" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "approval_votes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "signing_keys" (
    "kid" TEXT NOT NULL,
    "alg" TEXT NOT NULL,
    "public_jwk" JSONB NOT NULL,
    "private_jwk_encrypted" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "signing_keys_pkey" PRIMARY KEY ("kid")
);

-- CreateTable
CREATE TABLE "budgets" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "scope" "BudgetScope" NOT NULL,
    "scope_value" TEXT,
    "period" "BudgetPeriodKind" NOT NULL,
    "limit_usd" DECIMAL(18,6) NOT NULL,
    "mode" "BudgetMode" NOT NULL DEFAULT 'hard',
    "thresholds" INTEGER[] DEFAULT ARRAY[50, 80, 100]::INTEGER[],
    "approval_above_usd" DECIMAL(18,6),
    "webhook_url" TEXT,
    "webhook_secret" TEXT,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "budgets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "budget_periods" (
    "id" UUID NOT NULL,
    "budget_id" UUID NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "period_end" TIMESTAMPTZ(3) NOT NULL,
    "spent_usd" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "reserved_usd" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "alerted_percents" INTEGER[] DEFAULT ARRAY[]::INTEGER[],

    CONSTRAINT "budget_periods_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reservations" (
    "id" UUID NOT NULL,
    "gateway_id" UUID NOT NULL,
    "status" "ReservationStatus" NOT NULL DEFAULT 'active',
    "amount_usd" DECIMAL(18,6) NOT NULL,
    "actual_usd" DECIMAL(18,6),
    "user_id" TEXT NOT NULL,
    "team" TEXT,
    "server" TEXT,
    "tool" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "settled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reservations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reservation_lines" (
    "reservation_id" UUID NOT NULL,
    "budget_period_id" UUID NOT NULL,
    "amount_usd" DECIMAL(18,6) NOT NULL,

    CONSTRAINT "reservation_lines_pkey" PRIMARY KEY ("reservation_id","budget_period_id")
);

-- CreateTable
CREATE TABLE "alert_rules" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "severity" "AlertSeverity" NOT NULL DEFAULT 'warning',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "muted" BOOLEAN NOT NULL DEFAULT false,
    "snoozed_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL,
    "open_key" TEXT,
    "dedupe_key" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "rule_id" UUID,
    "severity" "AlertSeverity" NOT NULL,
    "status" "AlertStatus" NOT NULL DEFAULT 'open',
    "subject_type" TEXT NOT NULL,
    "subject_value" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "explanation" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "baseline" DOUBLE PRECISION,
    "details" JSONB,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by" UUID,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_channels" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "url" TEXT,
    "secret" TEXT,
    "email" TEXT,
    "min_severity" "AlertSeverity" NOT NULL DEFAULT 'warning',
    "subject_type" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_channels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_deliveries" (
    "id" UUID NOT NULL,
    "alert_id" UUID,
    "channel_id" UUID,
    "target" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "response_status" INTEGER,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "allowed_webhook_hosts" (
    "host" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "allowed_webhook_hosts_pkey" PRIMARY KEY ("host")
);

-- CreateTable
CREATE TABLE "rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "socket_io_attachments" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "payload" BYTEA
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "audit_log_target_type_target_id_idx" ON "audit_log"("target_type", "target_id");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- CreateIndex
CREATE UNIQUE INDEX "gateways_name_key" ON "gateways"("name");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys"("prefix");

-- CreateIndex
CREATE INDEX "api_keys_gateway_id_idx" ON "api_keys"("gateway_id");

-- CreateIndex
CREATE INDEX "events_gateway_id_ts_idx" ON "events"("gateway_id", "ts");

-- CreateIndex
CREATE INDEX "events_user_id_ts_idx" ON "events"("user_id", "ts");

-- CreateIndex
CREATE INDEX "events_tool_ts_idx" ON "events"("tool", "ts");

-- CreateIndex
CREATE INDEX "rollup_minute_bucket_idx" ON "rollup_minute"("bucket");

-- CreateIndex
CREATE INDEX "rollup_hour_bucket_idx" ON "rollup_hour"("bucket");

-- CreateIndex
CREATE INDEX "rollup_user_day_day_idx" ON "rollup_user_day"("day");

-- CreateIndex
CREATE INDEX "rollup_flag_minute_bucket_idx" ON "rollup_flag_minute"("bucket");

-- CreateIndex
CREATE INDEX "approvals_status_expires_at_idx" ON "approvals"("status", "expires_at");

-- CreateIndex
CREATE INDEX "approvals_created_at_idx" ON "approvals"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "approvals_gateway_id_request_id_key" ON "approvals"("gateway_id", "request_id");

-- CreateIndex
CREATE UNIQUE INDEX "approval_votes_approval_id_reviewer_id_key" ON "approval_votes"("approval_id", "reviewer_id");

-- CreateIndex
CREATE INDEX "budgets_scope_scope_value_idx" ON "budgets"("scope", "scope_value");

-- CreateIndex
CREATE UNIQUE INDEX "budget_periods_budget_id_period_start_key" ON "budget_periods"("budget_id", "period_start");

-- CreateIndex
CREATE INDEX "reservations_status_expires_at_idx" ON "reservations"("status", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "alerts_open_key_key" ON "alerts"("open_key");

-- CreateIndex
CREATE INDEX "alerts_status_last_seen_at_idx" ON "alerts"("status", "last_seen_at");

-- CreateIndex
CREATE INDEX "alerts_dedupe_key_idx" ON "alerts"("dedupe_key");

-- CreateIndex
CREATE INDEX "alert_deliveries_alert_id_idx" ON "alert_deliveries"("alert_id");

-- CreateIndex
CREATE UNIQUE INDEX "socket_io_attachments_id_key" ON "socket_io_attachments"("id");

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_gateway_id_fkey" FOREIGN KEY ("gateway_id") REFERENCES "gateways"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "approval_rules"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approval_votes" ADD CONSTRAINT "approval_votes_approval_id_fkey" FOREIGN KEY ("approval_id") REFERENCES "approvals"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budget_periods" ADD CONSTRAINT "budget_periods_budget_id_fkey" FOREIGN KEY ("budget_id") REFERENCES "budgets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reservation_lines" ADD CONSTRAINT "reservation_lines_reservation_id_fkey" FOREIGN KEY ("reservation_id") REFERENCES "reservations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reservation_lines" ADD CONSTRAINT "reservation_lines_budget_period_id_fkey" FOREIGN KEY ("budget_period_id") REFERENCES "budget_periods"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "notification_channels"("id") ON DELETE SET NULL ON UPDATE CASCADE;
