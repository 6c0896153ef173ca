-- CreateTable
CREATE TABLE "ClinicSync" (
    "tenantId" UUID NOT NULL,
    "cursor" TEXT,
    "caughtUpTo" TIMESTAMPTZ(3),
    "source" TEXT NOT NULL DEFAULT 'poll',
    "subscriptionIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "notificationKey" TEXT,
    "notificationSecretHash" TEXT,
    "nextRunAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" TIMESTAMPTZ(3),
    "rerunRequested" BOOLEAN NOT NULL DEFAULT false,
    "lastSuccessAt" TIMESTAMPTZ(3),
    "lastErrorAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "changesSeen" INTEGER NOT NULL DEFAULT 0,
    "unmappableSeen" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ClinicSync_pkey" PRIMARY KEY ("tenantId")
);

-- CreateTable
CREATE TABLE "SyncedAppointment" (
    "tenantId" UUID NOT NULL,
    "appointmentId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "start" TIMESTAMPTZ(3) NOT NULL,
    "changedAt" TIMESTAMPTZ(3),
    "holderPatientId" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SyncedAppointment_pkey" PRIMARY KEY ("tenantId","appointmentId")
);

-- CreateTable
CREATE TABLE "SchedulingEvent" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "changedAt" TIMESTAMPTZ(3) NOT NULL,
    "detectedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "handledAt" TIMESTAMPTZ(3),

    CONSTRAINT "SchedulingEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ClinicSync_notificationKey_key" ON "ClinicSync"("notificationKey");

-- CreateIndex
CREATE INDEX "SchedulingEvent_tenantId_type_id_idx" ON "SchedulingEvent"("tenantId", "type", "id");

-- CreateIndex
CREATE INDEX "SchedulingEvent_tenantId_handledAt_idx" ON "SchedulingEvent"("tenantId", "handledAt");

-- CreateIndex
CREATE UNIQUE INDEX "SchedulingEvent_tenantId_dedupeKey_key" ON "SchedulingEvent"("tenantId", "dedupeKey");
