-- CreateTable
CREATE TABLE "PatientAccount" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "providerPatientId" TEXT NOT NULL,
    "preferredLocale" TEXT,
    "preferredChannel" TEXT,
    "sessionVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PatientAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OtpChallenge" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "purpose" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 5,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "consumedAt" TIMESTAMPTZ(3),
    "lastSentAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sendCount" INTEGER NOT NULL DEFAULT 1,
    "payload" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OtpChallenge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QrLoginToken" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "patientAccountId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QrLoginToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PatientAccount_tenantId_providerPatientId_key" ON "PatientAccount"("tenantId", "providerPatientId");

-- CreateIndex
CREATE INDEX "OtpChallenge_tenantId_subject_createdAt_idx" ON "OtpChallenge"("tenantId", "subject", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "QrLoginToken_tokenHash_key" ON "QrLoginToken"("tokenHash");

-- CreateIndex
CREATE INDEX "QrLoginToken_tenantId_patientAccountId_idx" ON "QrLoginToken"("tenantId", "patientAccountId");
