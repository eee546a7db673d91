-- AlterTable
ALTER TABLE "approvals" ADD COLUMN     "identity_source" TEXT;

-- CreateTable
CREATE TABLE "gateway_heartbeats" (
    "gateway_id" UUID NOT NULL,
    "gateway_version" TEXT NOT NULL,
    "policy_etag" TEXT,
    "policy_age_seconds" INTEGER,
    "spool" JSONB NOT NULL,
    "counters" JSONB NOT NULL,
    "fail_open" JSONB NOT NULL,
    "upstreams" JSONB NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "interval_seconds" INTEGER NOT NULL DEFAULT 30,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "gateway_heartbeats_pkey" PRIMARY KEY ("gateway_id")
);

-- CreateTable
CREATE TABLE "gateway_tool_lists" (
    "gateway_id" UUID NOT NULL,
    "server" TEXT NOT NULL,
    "tools" JSONB NOT NULL,
    "tools_hash" TEXT NOT NULL,
    "tool_count" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "reported_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "gateway_tool_lists_pkey" PRIMARY KEY ("gateway_id","server")
);

-- CreateTable
CREATE TABLE "tool_settings" (
    "id" UUID NOT NULL,
    "server" TEXT NOT NULL,
    "tool" TEXT NOT NULL,
    "cost_per_call_usd" DECIMAL(18,6),
    "timeout_ms" INTEGER,
    "rate_limit_per_minute" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tool_settings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "gateway_heartbeats_received_at_idx" ON "gateway_heartbeats"("received_at");

-- CreateIndex
CREATE UNIQUE INDEX "tool_settings_server_tool_key" ON "tool_settings"("server", "tool");

-- AddForeignKey
ALTER TABLE "gateway_heartbeats" ADD CONSTRAINT "gateway_heartbeats_gateway_id_fkey" FOREIGN KEY ("gateway_id") REFERENCES "gateways"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gateway_tool_lists" ADD CONSTRAINT "gateway_tool_lists_gateway_id_fkey" FOREIGN KEY ("gateway_id") REFERENCES "gateways"("id") ON DELETE CASCADE ON UPDATE CASCADE;
