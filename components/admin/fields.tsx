// The admin forms' parts: a page's title and lead, a labelled field, a row's one-button form, an
// empty state. Built on the primitives, so every admin form reads and behaves alike.
import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/lib/cn";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Checkbox } from "@/components/ui/checkbox";
import { ActionForm, type ActionState } from "./ActionForm";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <>
      <h1 className="text-lg font-semibold">{title}</h1>
      {children ? <p className="mt-1 mb-4 max-w-3xl text-muted-foreground">{children}</p> : <div className="mb-4" />}
    </>
  );
}

export function Section({ title, level = 2, children }: { title: string; level?: 2 | 3; children?: ReactNode }) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <>
      <Heading className={cn("mb-2 font-semibold", level === 2 ? "mt-8" : "mt-6")}>{title}</Heading>
      {children ? <p className="mb-2 max-w-3xl text-muted-foreground">{children}</p> : null}
    </>
  );
}

/** A field with its label above it. */
export function Field({ label, children, className }: { label: ReactNode; children: ReactNode; className?: string }) {
  return (
    <label className={cn("flex flex-col gap-1", className)}>
      {label}
      {children}
    </label>
  );
}

export function TextField({ label, className, ...input }: { label: ReactNode } & ComponentProps<typeof Input>) {
  return (
    <Field label={label}>
      <Input className={className} {...input} />
    </Field>
  );
}

export function SelectField({
  label,
  options,
  ...select
}: { label: ReactNode; options: readonly (string | { value: string; label: string })[] } & ComponentProps<
  typeof NativeSelect
>) {
  return (
    <Field label={label}>
      <NativeSelect {...select}>
        {options
          .map((o) => (typeof o === "string" ? { value: o, label: o } : o))
          .map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
      </NativeSelect>
    </Field>
  );
}

/** A checkbox with its label on the right; it posts "on" (or `value`) when ticked. */
export function CheckboxField({ label, ...checkbox }: { label: ReactNode } & ComponentProps<typeof Checkbox>) {
  return (
    <label className="flex items-center gap-1.5">
      <Checkbox {...checkbox} />
      {label}
    </label>
  );
}

/** A form with a row of fields and its submit button. */
export function AdminForm({
  action,
  submit,
  children,
  className,
}: {
  action: Action;
  submit: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <ActionForm action={action} className={cn("flex max-w-5xl flex-wrap items-end gap-3", className)}>
      {children}
      <Button type="submit">{submit}</Button>
    </ActionForm>
  );
}

/** A one-row form: the row's id and the button (or a ConfirmButton) that acts on it. */
export function RowForm({
  action,
  id,
  children,
  className,
}: {
  action: Action;
  id: string | number;
  children: ReactNode;
  className?: string;
}) {
  return (
    <ActionForm action={action} className={className}>
      <input type="hidden" name="id" value={id} />
      {children}
    </ActionForm>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="rounded-md border border-dashed border-input p-4 text-muted-foreground">{children}</p>;
}

/** "any" (muted) where a filter is not set. */
export const Any = () => <span className="text-muted-foreground">any</span>;
