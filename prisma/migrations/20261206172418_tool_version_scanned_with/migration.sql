-- AlterTable
ALTER TABLE "tool_versions" ADD COLUMN     "scanned_with" TEXT;

-- CreateIndex
CREATE INDEX "tool_versions_scanned_with_idx" ON "tool_versions"("scanned_with");
