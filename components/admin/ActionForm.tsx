"use client";
// A form bound to a server action that answers { message, error }: shows the answer beside it.
import { useActionState, type ReactNode } from "react";
import { CopyButton } from "@/components/CopyButton";
import type { ActionState } from "@/lib/actions/action";

export type { ActionState };

export function ActionForm({
  action,
  children,
  className,
}: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  children: ReactNode;
  className?: string;
}) {
  const [state, formAction, pending] = useActionState(action, { message: null, error: null });
  return (
    <form action={formAction} className={className} aria-busy={pending}>
      {children}
      {state.error && (
        <p role="alert" className="basis-full text-destructive">
          {state.error}
        </p>
      )}
      {state.message && (
        <p role="status" className="basis-full text-tone-success-fg">
          {state.message}
        </p>
      )}
      {state.secret && (
        <p className="flex basis-full items-center gap-2" data-testid="secret">
          <code className="rounded border border-tone-warning-ring bg-tone-warning-bg px-2 py-1 font-mono text-sm break-all select-all">
            {state.secret.value}
          </code>
          <CopyButton value={state.secret.value} label={state.secret.label} />
        </p>
      )}
    </form>
  );
}
