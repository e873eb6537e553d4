import { z } from "zod";

/**
 * The schema of indexwatch.config.json (or the file INDEXWATCH_CONFIG names). A secret never
 * has to sit in the file: any connection string may be `{"env": "NAME"}` (or `urlEnv` /
 * `actionUrlEnv` / `explainUrlEnv` beside it), read from the environment when the file is loaded.
 */

const idPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;
const id = z.string().regex(idPattern, "lower-case letters, digits and dashes (at most 63)");

/** A connection string written inline, or the name of the environment variable that holds it. */
export const secretRef = z.union([
  z.string().min(1, "an empty connection string"),
  z.object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name") }).strict(),
]);
export type SecretRef = z.infer<typeof secretRef>;

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name");

const standbyEntry = z
  .object({
    id,
    name: z.string().min(1).max(200).optional(),
    url: secretRef.optional(),
    urlEnv: envName.optional(),
  })
  .strict();

const targetEntry = z
  .object({
    id,
    name: z.string().min(1).max(200).optional(),
    url: secretRef.optional(),
    urlEnv: envName.optional(),
    actionUrl: secretRef.optional(),
    actionUrlEnv: envName.optional(),
    /** A role with pg_read_all_data for generic plans (EXPLAIN only); without it plans are off. */
    explainUrl: secretRef.optional(),
    explainUrlEnv: envName.optional(),
    standbys: z.array(standbyEntry).max(16).default([]),
    /**
     * Watch every database of this server: `url` names one database, the others are found
     * in pg_database at start and added as `{id}-{database}` (secrets are shared).
     */
    discoverDatabases: z.boolean().default(false),
  })
  .strict();

export const targetsFileSchema = z
  .object({
    $schema: z.string().optional(),
    targets: z.array(targetEntry).min(1, "list at least one target").max(500),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Map<string, string>();
    const claim = (value: string, path: (string | number)[]) => {
      const where = seen.get(value);
      if (where) ctx.addIssue({ code: "custom", path, message: `id "${value}" is already used by ${where}` });
      else seen.set(value, path.join("."));
    };
    file.targets.forEach((t, i) => {
      claim(t.id, ["targets", i, "id"]);
      for (const [field, inline, named] of [["url", t.url, t.urlEnv] as const]) {
        if (inline === undefined && named === undefined)
          ctx.addIssue({
            code: "custom",
            path: ["targets", i, field],
            message: "a connection string is required",
          });
        if (inline !== undefined && named !== undefined)
          ctx.addIssue({
            code: "custom",
            path: ["targets", i, field],
            message: `give ${field} or ${field}Env, not both`,
          });
      }
      if (t.actionUrl !== undefined && t.actionUrlEnv !== undefined)
        ctx.addIssue({
          code: "custom",
          path: ["targets", i, "actionUrl"],
          message: "give actionUrl or actionUrlEnv, not both",
        });
      if (t.explainUrl !== undefined && t.explainUrlEnv !== undefined)
        ctx.addIssue({
          code: "custom",
          path: ["targets", i, "explainUrl"],
          message: "give explainUrl or explainUrlEnv, not both",
        });
      t.standbys.forEach((s, j) => {
        // A standby is stored as a server of its own, under a derived id.
        claim(standbyServerId(t.id, s.id), ["targets", i, "standbys", j, "id"]);
        if ((s.url === undefined) === (s.urlEnv === undefined))
          ctx.addIssue({
            code: "custom",
            path: ["targets", i, "standbys", j, "url"],
            message: "give exactly one of url or urlEnv",
          });
      });
    });
  });

export type TargetsFile = z.infer<typeof targetsFileSchema>;
export type TargetEntry = TargetsFile["targets"][number];

/** The id under which a standby's own samples are stored: `{target}--{standby}`. */
export function standbyServerId(targetId: string, standbyId: string): string {
  return `${targetId}--${standbyId}`;
}

/** `targets.1.standbys.0.url` → `targets[1].standbys[0].url`: what a person looks for in the file. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : `${i ? "." : ""}${String(part)}`))
    .join("");
}
