import { z } from "zod";

/** An action id in the path. */
export const actionIdParam = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/, "an action id is a positive whole number")
  .transform(Number);
