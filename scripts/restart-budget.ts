/**
 * How often the launcher restarts a dashboard server that died: at most `max` times within
 * any `windowMs`. A server that keeps dying (a bad build, a port taken, memory exhausted on
 * every request) then stops the launcher with a reason instead of looping for ever.
 */
export class RestartBudget {
  private readonly restarts: number[] = [];

  constructor(
    readonly max = 5,
    readonly windowMs = 5 * 60_000,
  ) {}

  /** Takes one restart at `now` if the window has room for it. */
  take(now = Date.now()): boolean {
    while (this.restarts.length && (this.restarts[0] as number) <= now - this.windowMs) this.restarts.shift();
    if (this.restarts.length >= this.max) return false;
    this.restarts.push(now);
    return true;
  }

  /** Restarts taken within the window that ends at `now`. */
  used(now = Date.now()): number {
    return this.restarts.filter((at) => at > now - this.windowMs).length;
  }
}
