-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "publicationSettings" JSONB NOT NULL DEFAULT '{}';
