-- AlterTable
ALTER TABLE "EligibilityCheck" ADD COLUMN     "payerNotices" TEXT[] DEFAULT ARRAY[]::TEXT[];
