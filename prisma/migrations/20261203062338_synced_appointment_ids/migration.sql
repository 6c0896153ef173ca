-- AlterTable
ALTER TABLE "ClinicSync" ADD COLUMN     "deletionsSweptAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "SyncedAppointment" ADD COLUMN     "locationId" TEXT,
ADD COLUMN     "patientId" TEXT;
