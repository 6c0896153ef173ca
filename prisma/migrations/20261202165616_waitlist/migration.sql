-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "waitlistSettings" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "WaitlistEntry" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "holderPatientId" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "serviceCode" TEXT NOT NULL,
    "practitionerId" TEXT,
    "locationIds" TEXT[],
    "earliest" TIMESTAMPTZ(3) NOT NULL,
    "latest" TIMESTAMPTZ(3) NOT NULL,
    "appointmentId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'active',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WaitlistEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WaitlistOffer" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "entryId" UUID NOT NULL,
    "slotId" TEXT NOT NULL,
    "slotStart" TIMESTAMPTZ(3) NOT NULL,
    "round" INTEGER NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'sent',
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "acceptedAt" TIMESTAMPTZ(3),
    "appointmentId" TEXT,
    "daysSooner" DOUBLE PRECISION,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WaitlistOffer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WaitlistRound" (
    "tenantId" UUID NOT NULL,
    "slotId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'offering',
    "round" INTEGER NOT NULL DEFAULT 0,
    "claimedBy" UUID,
    "detectedAt" TIMESTAMPTZ(3) NOT NULL,
    "firstOfferAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WaitlistRound_pkey" PRIMARY KEY ("tenantId","slotId")
);

-- CreateIndex
CREATE INDEX "WaitlistEntry_tenantId_serviceCode_status_createdAt_idx" ON "WaitlistEntry"("tenantId", "serviceCode", "status", "createdAt");

-- CreateIndex
CREATE INDEX "WaitlistEntry_tenantId_accountId_idx" ON "WaitlistEntry"("tenantId", "accountId");

-- CreateIndex
CREATE UNIQUE INDEX "WaitlistOffer_tokenHash_key" ON "WaitlistOffer"("tokenHash");

-- CreateIndex
CREATE INDEX "WaitlistOffer_tenantId_slotId_idx" ON "WaitlistOffer"("tenantId", "slotId");

-- CreateIndex
CREATE INDEX "WaitlistOffer_tenantId_createdAt_idx" ON "WaitlistOffer"("tenantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "WaitlistOffer_entryId_slotId_key" ON "WaitlistOffer"("entryId", "slotId");
