// A problem's triage status: its label in the tone the vocabulary gives it.
import { Badge } from "@/components/ui/badge";
import { isProblemStatus, STATUS_LABELS, STATUS_TONES } from "@/lib/vocabulary";

export function StatusBadge({ status }: { status: string }) {
  const known = isProblemStatus(status) ? status : "open";
  return <Badge tone={STATUS_TONES[known]}>{STATUS_LABELS[known]}</Badge>;
}
