-- CreateTable
CREATE TABLE "ClinicBridge" (
    "tenantId" UUID NOT NULL,
    "settings" JSONB NOT NULL,
    "connected" BOOLEAN NOT NULL DEFAULT false,
    "lastConnectedAt" TIMESTAMPTZ(3),
    "lastMessageAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ClinicBridge_pkey" PRIMARY KEY ("tenantId")
);

-- CreateTable
CREATE TABLE "BridgeRecord" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "messageType" TEXT NOT NULL,
    "subjectKey" TEXT,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "reasonField" TEXT,
    "raw" TEXT,
    "eventAt" TIMESTAMPTZ(3),
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedAt" TIMESTAMPTZ(3),
    "latencyMs" INTEGER,
    "patientId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "BridgeRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BridgeOutbound" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" UUID NOT NULL,
    "appointmentId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "controlId" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" TIMESTAMPTZ(3),

    CONSTRAINT "BridgeOutbound_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BridgeRecord_tenantId_status_id_idx" ON "BridgeRecord"("tenantId", "status", "id");

-- CreateIndex
CREATE INDEX "BridgeRecord_tenantId_subjectKey_eventAt_idx" ON "BridgeRecord"("tenantId", "subjectKey", "eventAt");

-- CreateIndex
CREATE UNIQUE INDEX "BridgeRecord_tenantId_dedupeKey_key" ON "BridgeRecord"("tenantId", "dedupeKey");

-- CreateIndex
CREATE UNIQUE INDEX "BridgeOutbound_controlId_key" ON "BridgeOutbound"("controlId");

-- CreateIndex
CREATE INDEX "BridgeOutbound_tenantId_status_id_idx" ON "BridgeOutbound"("tenantId", "status", "id");
