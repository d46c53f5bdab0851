// The three teams a problem is routed to, in words a reader needs no legend for. One vocabulary:
// the badges, the problem page and the event page read it.
import type { Team } from "./types";

export const TEAM_WORDS: Record<Team, { name: string; short: string; does: string }> = {
  dev: {
    name: "Client application developers",
    short: "the client developers",
    does: "fix the request their application sends",
  },
  data: {
    name: "Source-data team",
    short: "the data team",
    does: "correct the data in the source system and resubmit",
  },
  ops: {
    name: "Hosting / IT operations",
    short: "IT operations",
    does: "fix the API host, its configuration or credentials",
  },
};

/** "Client application developers fix the request their application sends; if that is not it, the data team." */
export function routeInWords(team: Team, alt: Team | null): string {
  const first = `${TEAM_WORDS[team].name} ${TEAM_WORDS[team].does}`;
  return alt && alt !== team ? `${first}; if that is not it, ${TEAM_WORDS[alt].short}.` : `${first}.`;
}
