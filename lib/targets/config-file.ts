import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fieldPath, type SecretRef, type TargetsFile, targetsFileSchema } from "@/lib/config/targets-file";
import { DomainError } from "@/lib/errors";

/** The environment, or a stand-in for it in tests. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

export const DEFAULT_CONFIG_FILE = "indexwatch.config.json";

/** A standby of a target: sampled like a primary, its counters are its own. */
export interface StandbyConfig {
  id: string;
  name: string;
  url: string;
}

export interface ResolvedTarget {
  id: string;
  name: string;
  url: string;
  actionUrl?: string;
  explainUrl?: string;
  standbys: StandbyConfig[];
  discoverDatabases: boolean;
}

/** The configuration file is wrong: the message names the file and the field at fault. */
export class ConfigFileError extends DomainError {
  override readonly code = "bad_configuration";
}

/** Which file to read: INDEXWATCH_CONFIG when set (it must exist), else ./indexwatch.config.json if present. */
export function configFilePath(
  source: EnvSource = process.env,
  cwd = process.cwd(),
): { path: string; required: boolean } {
  const named = source.INDEXWATCH_CONFIG;
  if (named) return { path: path.resolve(cwd, named), required: true };
  return { path: path.resolve(cwd, DEFAULT_CONFIG_FILE), required: false };
}

function resolveSecret(
  inline: SecretRef | undefined,
  named: string | undefined,
  field: string,
  source: EnvSource,
): string | undefined {
  const variable = named ?? (typeof inline === "object" ? inline.env : undefined);
  if (variable === undefined) return typeof inline === "string" ? inline : undefined;
  const value = source[variable];
  if (!value) throw new ConfigFileError(`${field}: environment variable ${variable} is not set`);
  return value;
}

/** Validates a parsed file and reads the secrets it names from the environment. */
export function resolveTargetsFile(
  raw: unknown,
  source: EnvSource = process.env,
  fileName = DEFAULT_CONFIG_FILE,
): ResolvedTarget[] {
  const outcome = targetsFileSchema.safeParse(raw);
  if (!outcome.success) {
    const problems = outcome.error.issues.map((i) => `${fieldPath(i.path) || "(file)"}: ${i.message}`);
    throw new ConfigFileError(`${fileName}: ${problems.join("; ")}`);
  }
  const file: TargetsFile = outcome.data;
  try {
    return file.targets.map((t, i) => {
      const at = `targets[${i}]`;
      const url = resolveSecret(t.url, t.urlEnv, `${at}.url`, source) as string;
      const actionUrl = resolveSecret(t.actionUrl, t.actionUrlEnv, `${at}.actionUrl`, source);
      const explainUrl = resolveSecret(t.explainUrl, t.explainUrlEnv, `${at}.explainUrl`, source);
      return {
        id: t.id,
        name: t.name ?? t.id,
        url,
        ...(actionUrl ? { actionUrl } : {}),
        ...(explainUrl ? { explainUrl } : {}),
        standbys: t.standbys.map((s, j) => ({
          id: s.id,
          name: s.name ?? s.id,
          url: resolveSecret(s.url, s.urlEnv, `${at}.standbys[${j}].url`, source) as string,
        })),
        discoverDatabases: t.discoverDatabases,
      };
    });
  } catch (error) {
    if (error instanceof ConfigFileError) throw new ConfigFileError(`${fileName}: ${error.message}`);
    throw error;
  }
}

const cache = globalThis as unknown as { __indexwatchConfigFile?: { key: string; raw: unknown } };

/**
 * The targets of the configuration file, or null when there is none. The file is parsed
 * again only when it changed; secrets are read from the environment on every call (cheap),
 * so calling this per request is fine.
 */
export function loadTargetsFile(source: EnvSource = process.env): ResolvedTarget[] | null {
  const where = configFilePath(source);
  // A file named at run time, not part of the build: the bundler must not trace the project for it.
  const file = where.path;
  let mtime: number;
  try {
    mtime = statSync(/* turbopackIgnore: true */ file).mtimeMs;
  } catch {
    if (where.required) throw new ConfigFileError(`INDEXWATCH_CONFIG: no file at ${where.path}`);
    return null;
  }
  const key = `${where.path}\u0000${mtime}`;
  let raw = cache.__indexwatchConfigFile?.key === key ? cache.__indexwatchConfigFile.raw : undefined;
  if (raw === undefined) {
    try {
      raw = JSON.parse(readFileSync(/* turbopackIgnore: true */ file, "utf8")) as unknown;
    } catch (error) {
      throw new ConfigFileError(`${path.basename(where.path)}: not valid JSON (${(error as Error).message})`);
    }
    cache.__indexwatchConfigFile = { key, raw };
  }
  return resolveTargetsFile(raw, source, path.basename(where.path));
}
