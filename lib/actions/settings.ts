"use server";
// The signed-in user's own digest choice: every role may set theirs, nobody anyone else's.
import { z } from "zod";
import { DIGEST_FREQUENCIES, setDigest } from "../alerts/digests";
import { TEAMS } from "../vocabulary";
import { formAction } from "./action";

const digest = z.object({
  frequency: z.enum(DIGEST_FREQUENCIES),
  team: z.union([z.enum(TEAMS), z.literal("").transform(() => null)]),
});

export const saveDigestAction = formAction(
  "read",
  digest,
  async ({ frequency, team }, { viewer, db }) => {
    await setDigest(db, viewer.user.userId, frequency, team);
    return {
      message: frequency === "off" ? "No digest." : `Saved: a ${frequency} digest to ${viewer.user.email}.`,
      error: null,
    };
  },
  { from: "/settings", revalidate: () => ["/settings"] },
);
