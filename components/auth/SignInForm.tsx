"use client";
// The sign-in form: next-auth's credentials flow (CSRF handled by next-auth/react). Failures say
// only what the server said, which never tells which of the two fields was wrong.
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

/** The e-mail and password fields' look (one place for both). */
const FIELD =
  "mt-1 block w-full rounded-md border border-input px-3 py-2 shadow-sm " +
  "focus:border-primary focus:ring-2 focus:ring-tone-brand-ring focus:outline-none";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (result?.ok && !result.error) {
      router.replace(safeCallbackPath(callbackUrl)); // checked again: the router follows whatever it gets
      router.refresh();
    } else {
      setError(
        result?.error && result.error !== "CredentialsSignin"
          ? result.error
          : "Sign-in failed. Check your e-mail address and password.",
      );
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <div>
        <label htmlFor="email" className="block text-sm font-medium text-foreground">
          E-mail
        </label>
        <Input id="email" name="email" type="email" autoComplete="username" required autoFocus className={FIELD} />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium text-foreground">
          Password
        </label>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className={FIELD}
        />
      </div>
      {error && (
        <p
          role="alert"
          className="rounded-md border border-destructive/30 bg-tone-danger-bg px-3 py-2 text-sm text-destructive"
        >
          {error}
        </p>
      )}
      <Button
        type="submit"
        disabled={pending}
        className="w-full rounded-md bg-primary px-3 py-2 font-medium text-primary-foreground hover:bg-primary/90 disabled:opacity-60"
      >
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
