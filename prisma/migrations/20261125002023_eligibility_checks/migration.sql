-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "insuranceSettings" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "EligibilityCheck" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "patientId" TEXT NOT NULL,
    "coverageId" TEXT NOT NULL,
    "appointmentId" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "payerMessage" TEXT,
    "planName" TEXT,
    "copay" TEXT,
    "checkedAt" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "nextRetryAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "EligibilityCheck_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EligibilityCheck_tenantId_patientId_checkedAt_idx" ON "EligibilityCheck"("tenantId", "patientId", "checkedAt");

-- CreateIndex
CREATE INDEX "EligibilityCheck_tenantId_appointmentId_idx" ON "EligibilityCheck"("tenantId", "appointmentId");

-- CreateIndex
CREATE UNIQUE INDEX "EligibilityCheck_tenantId_coverageId_appointmentId_key" ON "EligibilityCheck"("tenantId", "coverageId", "appointmentId");
