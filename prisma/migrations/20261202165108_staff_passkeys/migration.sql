-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "staffSecurity" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "StaffEnrolmentCode" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "staffUserId" UUID NOT NULL,
    "codeHash" TEXT NOT NULL,
    "issuedById" UUID,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StaffEnrolmentCode_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "StaffEnrolmentCode_staffUserId_key" ON "StaffEnrolmentCode"("staffUserId");

-- CreateIndex
CREATE INDEX "StaffEnrolmentCode_tenantId_idx" ON "StaffEnrolmentCode"("tenantId");
