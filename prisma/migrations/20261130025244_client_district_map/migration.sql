-- AlterTable
ALTER TABLE "error_event" ADD COLUMN     "lea_mapped" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "client_district" (
    "client" TEXT NOT NULL,
    "lea" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "client_district_pkey" PRIMARY KEY ("client","lea")
);

-- Re-mapping a client reads the events whose LEA the map may change: mapped ones and those without.
CREATE INDEX "error_event_client_remappable" ON "error_event" ("client") WHERE "lea_mapped" OR "lea" IS NULL;
