-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "providerSettings" JSONB NOT NULL DEFAULT '{}';
