// A routing rule's reason as a viewer scoped to districts may read it (issue 21, item 2): the
// conditions naming another district's LEA or a client they do not see are counted, never named,
// and a stored reason is explained only when it is exactly what a current rule writes.
import { describe, expect, it } from "vitest";
import { reasonForViewer, ruleReason, suggestRoute, type RoutingRuleInput } from "@/lib/problems";

const rule = (fields: Partial<RoutingRuleInput>): RoutingRuleInput => ({
  id: 1,
  articleId: null,
  resource: null,
  client: null,
  lea: null,
  team: "ops",
  priority: 100,
  ...fields,
});
const own = { lea: (code: string) => code === "255901", client: (name: string) => name === "SIS" };

describe("reasonForViewer", () => {
  it("keeps what the viewer may see and counts the rest", () => {
    const r = rule({ id: 3, articleId: "descriptor-not-found", client: "Gradebook, lea=255901", lea: "4803011" });
    const stored = suggestRoute(
      { articleId: "descriptor-not-found", resource: null, client: "Gradebook, lea=255901", lea: "4803011" },
      [r],
    ).reason;
    expect(stored).toBe("rule #3: article=descriptor-not-found, client=Gradebook, lea=255901, lea=4803011");
    expect(reasonForViewer(stored, [r], own)).toBe(
      "rule #3: article=descriptor-not-found, 2 conditions outside your districts",
    );
    expect(reasonForViewer(stored, [r], { lea: () => true, client: () => true })).toBe(stored);
  });

  it("names the viewer's own LEA and client", () => {
    const r = rule({ id: 7, client: "SIS", lea: "255901" });
    expect(reasonForViewer(ruleReason(r), [r], own)).toBe("rule #7: client=SIS, lea=255901");
  });

  it("says only the rule's number when the rule changed or is gone, and passes other reasons through", () => {
    const now = rule({ id: 4, lea: "255901" });
    expect(reasonForViewer("rule #4: lea=4803011", [now], own)).toBe("rule #4 (since changed or deleted)");
    expect(reasonForViewer("rule #9: lea=4803011", [now], own)).toBe("rule #9 (since changed or deleted)");
    expect(reasonForViewer("rule #: lea=4803011", [now], own)).toBe("a routing rule");
    expect(reasonForViewer("article default", [now], own)).toBe("article default");
    expect(reasonForViewer("assigned by a triager", [now], own)).toBe("assigned by a triager");
  });
});
