-- The education organizations events name by code: districts (LEAs) and schools, with their names
-- as the Ed-Fi API gives them (`npm run districts -- import`, /admin/districts), so that every page
-- can say "Grand Bend ISD (255901)" instead of a bare code.
CREATE TABLE "education_organization" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "parent_lea" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "education_organization_pkey" PRIMARY KEY ("code"),
    CONSTRAINT "education_organization_kind" CHECK ("kind" IN ('lea', 'school'))
);
