-- AlterTable
ALTER TABLE "ClinicSync" ADD COLUMN     "subscriptionsCheckedAt" TIMESTAMPTZ(3);
