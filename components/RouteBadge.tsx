// Routing team badge: colour plus a text label, never colour alone.
import { Badge } from "@/components/ui/badge";
import { TEAM_WORDS } from "@/lib/problems/teams";
import { isTeam, TEAM_LABELS, TEAM_TONES, type Team } from "@/lib/vocabulary";

const titleOf = (team: Team) => `${TEAM_WORDS[team].name}: ${TEAM_WORDS[team].does}`;

export function RouteBadge({ team, alt }: { team: string; alt?: string | null }) {
  return (
    <span className="inline-flex items-center gap-1 whitespace-nowrap">
      {isTeam(team) ? (
        <Badge tone={TEAM_TONES[team]} title={titleOf(team)}>
          {TEAM_LABELS[team]}
        </Badge>
      ) : (
        <Badge>{team}</Badge>
      )}
      {alt ? (
        <span className="text-xs text-muted-foreground" title={`then ${isTeam(alt) ? titleOf(alt) : alt}`}>
          → {alt}
        </span>
      ) : null}
    </span>
  );
}
