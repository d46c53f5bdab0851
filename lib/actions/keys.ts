"use server";
// Admin actions on API keys.
import { z } from "zod";
import { createApiKey, parseKeyRate, parseScopes, revokeApiKey, setKeyRate } from "../auth/api-keys";
import { describeKeyRate } from "../ingest/rate-limit";
import { field, formAction } from "./action";

const from = "/admin/keys";
const revalidate = () => [from];

export const createKeyAction = formAction(
  "admin",
  z.object({ name: field.text, scope: field.list, leaCodes: field.words, eventsPerSecond: field.text }),
  async (input, { viewer, db }) => {
    const created = await createApiKey(
      db,
      input.name,
      parseScopes(input.scope.join(",") || "ingest"),
      input.leaCodes,
      viewer.user.userId,
      parseKeyRate(input.eventsPerSecond.trim()),
    );
    return {
      message: "Created. Copy the key now: it is shown once.",
      error: null,
      secret: { label: "Copy the key", value: created.key },
    };
  },
  { from, revalidate },
);

export const revokeKeyAction = formAction(
  "admin",
  z.object({ id: field.id }),
  async ({ id }, { db }) => {
    const revoked = await revokeApiKey(db, String(id));
    return revoked ? { message: "Revoked.", error: null } : { message: null, error: "Already revoked." };
  },
  { from, revalidate },
);

export const setKeyRateAction = formAction(
  "admin",
  z.object({ id: field.id, eventsPerSecond: field.text }),
  async ({ id, eventsPerSecond }, { db }) => {
    const rate = parseKeyRate(eventsPerSecond.trim());
    const changed = await setKeyRate(db, String(id), rate);
    if (!changed) return { message: null, error: "This key was revoked." };
    return { message: rate ? `Rate set to ${describeKeyRate(rate)}.` : "Rate set to the configured one.", error: null };
  },
  { from, revalidate },
);
