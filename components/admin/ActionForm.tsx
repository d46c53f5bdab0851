"use client";
// A form bound to a server action that answers { message, error }: shows the answer beside it.
import { useActionState, type ReactNode } from "react";

export interface ActionState {
  message: string | null;
  error: string | null;
}

export function ActionForm({ action, children, className }: { action: (prev: ActionState, form: FormData) => Promise<ActionState>; children: ReactNode; className?: string }) {
  const [state, formAction, pending] = useActionState(action, { message: null, error: null });
  return (
    <form action={formAction} className={className} aria-busy={pending}>
      {children}
      {state.error && <p role="alert" className="basis-full text-red-700">{state.error}</p>}
      {state.message && <p role="status" className="basis-full text-green-800">{state.message}</p>}
    </form>
  );
}
