import { PayloadTooLargeError, ValidationError } from "@/lib/errors";

/** The largest body any route reads: a login, an action request or an ignore reason is far smaller. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The request's JSON body, read through a cap: a Content-Length beyond it is refused before
 * anything is read, and a body without one (chunked) is counted as it streams and dropped the
 * moment it passes the cap, so that a 200 MB body costs 64 KiB of memory, not 200 MB.
 * An empty body reads as undefined (the route's schema then says what is missing); a body that
 * is not JSON is a 400.
 */
export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const text = await readCappedText(request, maxBytes);
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError("the request body is not JSON");
  }
}

async function readCappedText(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () => new PayloadTooLargeError(`the request body is larger than ${maxBytes} bytes`);
  const declared = request.headers.get("content-length");
  if (declared !== null) {
    if (!/^\d+$/.test(declared.trim())) throw new ValidationError("Content-Length is not a number");
    if (Number(declared) > maxBytes) throw tooLarge();
  }
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
