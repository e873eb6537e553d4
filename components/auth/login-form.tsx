"use client";

import { useState } from "react";
import { errorMessage } from "@/lib/client/api";
import { useLogin } from "@/lib/client/use-session";

/** `next` was checked by the login page; the session route checks it again and answers where to go. */
export function LoginForm({ next }: { next: string }) {
  const login = useLogin();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  return (
    <form
      data-testid="login-form"
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        // A full navigation: every query of the next page starts with the new session.
        login.mutate(
          { username, password, next },
          { onSuccess: (answer) => window.location.assign(answer.next) },
        );
      }}
    >
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">User name</span>
        <input
          data-testid="login-username"
          name="username"
          autoComplete="username"
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          className="rounded-md border border-neutral-300 bg-white px-3 py-1.5 dark:border-neutral-700 dark:bg-neutral-900"
        />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">Password</span>
        <input
          data-testid="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          className="rounded-md border border-neutral-300 bg-white px-3 py-1.5 dark:border-neutral-700 dark:bg-neutral-900"
        />
      </label>
      {login.error ? (
        <p role="alert" data-testid="login-error" className="text-sm text-red-700 dark:text-red-300">
          {errorMessage(login.error)}
        </p>
      ) : null}
      <button
        type="submit"
        data-testid="login-submit"
        disabled={login.isPending}
        className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
      >
        {login.isPending ? "Logging in…" : "Log in"}
      </button>
    </form>
  );
}
