-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "ehrCheck" JSONB;
