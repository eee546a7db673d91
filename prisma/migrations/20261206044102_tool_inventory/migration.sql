-- CreateTable
CREATE TABLE "inventory_servers" (
    "name" TEXT NOT NULL,
    "trust_policy" TEXT,
    "first_seen_at" TIMESTAMPTZ(3),
    "last_seen_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "inventory_servers_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "inventory_tools" (
    "id" UUID NOT NULL,
    "server" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT,
    "status_reason" TEXT,
    "approved_fingerprint" TEXT,
    "approved_at" TIMESTAMPTZ(3),
    "approved_by" TEXT,
    "current_fingerprint" TEXT NOT NULL,
    "approval_rule_id" UUID,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "inventory_tools_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tool_versions" (
    "id" UUID NOT NULL,
    "tool_id" UUID NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "findings" JSONB NOT NULL DEFAULT '[]',
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "first_gateway_id" UUID,

    CONSTRAINT "tool_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tool_sightings" (
    "tool_id" UUID NOT NULL,
    "gateway_id" UUID NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tool_sightings_pkey" PRIMARY KEY ("tool_id","gateway_id")
);

-- CreateTable
CREATE TABLE "kill_switches" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" UUID,
    "created_by_email" TEXT,
    "lifted_at" TIMESTAMPTZ(3),
    "lifted_by_id" UUID,
    "lifted_by_email" TEXT,

    CONSTRAINT "kill_switches_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "inventory_tools_status_idx" ON "inventory_tools"("status");

-- CreateIndex
CREATE UNIQUE INDEX "inventory_tools_server_name_key" ON "inventory_tools"("server", "name");

-- CreateIndex
CREATE INDEX "tool_versions_tool_id_first_seen_at_idx" ON "tool_versions"("tool_id", "first_seen_at");

-- CreateIndex
CREATE UNIQUE INDEX "tool_versions_tool_id_fingerprint_key" ON "tool_versions"("tool_id", "fingerprint");

-- CreateIndex
CREATE INDEX "tool_sightings_gateway_id_idx" ON "tool_sightings"("gateway_id");

-- CreateIndex
CREATE INDEX "kill_switches_lifted_at_idx" ON "kill_switches"("lifted_at");

-- AddForeignKey
ALTER TABLE "inventory_tools" ADD CONSTRAINT "inventory_tools_server_fkey" FOREIGN KEY ("server") REFERENCES "inventory_servers"("name") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_versions" ADD CONSTRAINT "tool_versions_tool_id_fkey" FOREIGN KEY ("tool_id") REFERENCES "inventory_tools"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_sightings" ADD CONSTRAINT "tool_sightings_tool_id_fkey" FOREIGN KEY ("tool_id") REFERENCES "inventory_tools"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_sightings" ADD CONSTRAINT "tool_sightings_gateway_id_fkey" FOREIGN KEY ("gateway_id") REFERENCES "gateways"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: at most one active kill switch per kind × value (lifted ones are history). Partial
-- indexes are not compared by the drift check (lib/db/schema-drift.ts).
CREATE UNIQUE INDEX "kill_switches_active_kind_value_key" ON "kill_switches"("kind", "value") WHERE "lifted_at" IS NULL;
