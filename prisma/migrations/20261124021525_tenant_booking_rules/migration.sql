-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "bookingRules" JSONB NOT NULL DEFAULT '{}';
