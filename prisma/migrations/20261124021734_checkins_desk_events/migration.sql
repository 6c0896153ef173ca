-- CreateTable
CREATE TABLE "CheckIn" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "appointmentId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "distanceMeters" INTEGER,
    "accuracyMeters" INTEGER,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CheckIn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeskEvent" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" UUID NOT NULL,
    "locationId" TEXT NOT NULL,
    "appointmentId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "method" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeskEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CheckIn_tenantId_locationId_createdAt_idx" ON "CheckIn"("tenantId", "locationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "CheckIn_tenantId_appointmentId_key" ON "CheckIn"("tenantId", "appointmentId");

-- CreateIndex
CREATE INDEX "DeskEvent_tenantId_locationId_id_idx" ON "DeskEvent"("tenantId", "locationId", "id");
