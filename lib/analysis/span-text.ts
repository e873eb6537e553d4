/** "5 days", "1 day", "2.5 hours", "1 hour": a window's length as the findings and pages say it. */
export function spanOf(days: number): string {
  if (days < 1) {
    const hours = Math.round(days * 240) / 10;
    return `${hours} ${hours === 1 ? "hour" : "hours"}`;
  }
  const whole = Math.floor(days);
  return `${whole} ${whole === 1 ? "day" : "days"}`;
}
