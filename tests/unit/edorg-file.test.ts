import { describe, expect, it } from "vitest";
import { districtLabel, readEdOrgFile } from "@/lib/districts/edorg-file";

describe("readEdOrgFile: what an Ed-Fi API gives for education organizations", () => {
  it("reads the JSON of /ed-fi/localEducationAgencies and /ed-fi/schools", () => {
    const file = readEdOrgFile(
      JSON.stringify({
        localEducationAgencies: [
          {
            id: "x",
            localEducationAgencyId: 255901,
            nameOfInstitution: "Grand Bend ISD",
            localEducationAgencyCategoryDescriptor:
              "uri://ed-fi.org/LocalEducationAgencyCategoryDescriptor#Independent",
          },
        ],
        schools: [
          {
            id: "y",
            schoolId: 255901001,
            nameOfInstitution: "Grand Bend  High School",
            localEducationAgencyReference: { localEducationAgencyId: 255901 },
          },
        ],
      }),
    );
    expect(file).toEqual({
      errors: [],
      orgs: [
        { code: "255901", name: "Grand Bend ISD", kind: "lea", parentLea: null },
        { code: "255901001", name: "Grand Bend High School", kind: "school", parentLea: "255901" },
      ],
    });
    expect(
      readEdOrgFile(
        JSON.stringify([
          {
            localEducationAgencyId: 4801234,
            nameOfInstitution: "Orchard ISD",
            parentLocalEducationAgencyReference: { localEducationAgencyId: 4800000 },
          },
        ]),
      ).orgs,
    ).toEqual([{ code: "4801234", name: "Orchard ISD", kind: "lea", parentLea: "4800000" }]);
  });

  it("reads a CSV with the API's column names in any order and case, quoted fields included", () => {
    const file = readEdOrgFile(
      'NameOfInstitution,SchoolId,LocalEducationAgencyId\r\n"Grand Bend High School, North",255901001,255901\r\nLakeside Elementary,255901002,255901\r\n',
    );
    expect(file.orgs.map((o) => [o.code, o.name, o.kind, o.parentLea])).toEqual([
      ["255901001", "Grand Bend High School, North", "school", "255901"],
      ["255901002", "Lakeside Elementary", "school", "255901"],
    ]);
    expect(readEdOrgFile("localEducationAgencyId,nameOfInstitution\n255901,Grand Bend ISD\n").orgs).toEqual([
      { code: "255901", name: "Grand Bend ISD", kind: "lea", parentLea: null },
    ]);
  });

  it("says which rows it skipped and why, and reads the rest", () => {
    const file = readEdOrgFile(
      "localEducationAgencyId,nameOfInstitution\n255901,Grand Bend ISD\nnot an id!,X\n4801234,\n",
    );
    expect(file.orgs).toHaveLength(1);
    expect(file.errors).toEqual([
      { where: "line 3", reason: "'not an id!' is not an education organization id" },
      { where: "line 4", reason: "4801234 has no nameOfInstitution" },
    ]);
    expect(readEdOrgFile("id,title\n1,x").errors[0].reason).toContain("the header must name");
    expect(readEdOrgFile("{not json").errors[0].reason).toMatch(/^not JSON/);
    expect(readEdOrgFile("").errors).toEqual([{ where: "line 1", reason: "the file is empty" }]);
  });

  it("labels a district by name and code, or by code alone", () => {
    const names = new Map([["255901", "Grand Bend ISD"]]);
    expect([districtLabel("255901", names), districtLabel("4801234", names)]).toEqual([
      "Grand Bend ISD (255901)",
      "4801234",
    ]);
  });
});
