-- CreateTable
CREATE TABLE "anomaly_state" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "anomaly_state_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "anomaly_known_values" (
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "anomaly_known_values_pkey" PRIMARY KEY ("kind","value")
);

-- CreateTable
CREATE TABLE "anomaly_param_profiles" (
    "tool" TEXT NOT NULL,
    "key_sets" TEXT[],
    "max_bytes" INTEGER NOT NULL DEFAULT 0,
    "key_max_bytes" JSONB NOT NULL DEFAULT '{}',
    "samples" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "anomaly_param_profiles_pkey" PRIMARY KEY ("tool")
);

-- CreateTable
CREATE TABLE "anomaly_user_minute" (
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "user_id" TEXT NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "cost_usd" DECIMAL(18,6) NOT NULL DEFAULT 0,

    CONSTRAINT "anomaly_user_minute_pkey" PRIMARY KEY ("bucket","user_id")
);

-- CreateTable
CREATE TABLE "anomaly_user_profiles" (
    "user_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "cost_usd" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "peaks" JSONB NOT NULL DEFAULT '[]',
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "anomaly_user_profiles_pkey" PRIMARY KEY ("user_id")
);
