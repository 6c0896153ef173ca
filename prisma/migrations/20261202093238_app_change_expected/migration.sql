-- AlterTable
ALTER TABLE "SyncedAppointment" ADD COLUMN     "expectedStart" TIMESTAMPTZ(3),
ADD COLUMN     "expectedStatus" TEXT,
ADD COLUMN     "expectedUntil" TIMESTAMPTZ(3);
