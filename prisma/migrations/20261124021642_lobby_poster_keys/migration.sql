-- CreateTable
CREATE TABLE "LobbyPosterKey" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "locationId" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMPTZ(3),

    CONSTRAINT "LobbyPosterKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LobbyPosterKey_tenantId_locationId_idx" ON "LobbyPosterKey"("tenantId", "locationId");
