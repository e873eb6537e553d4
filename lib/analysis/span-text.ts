/**
 * "38 seconds", "5 minutes", "2.5 hours", "1 day", "56 days": a window's length as the findings
 * and pages say it. A fresh install's window is seconds or minutes long, and says so (not "0 hours").
 */
export function spanOf(days: number): string {
  const seconds = days * 86_400;
  if (seconds < 59.5) return counted(Math.round(seconds), "second");
  if (seconds < 59.5 * 60) return counted(Math.round(seconds / 60), "minute");
  if (days < 1) return counted(Math.round(days * 240) / 10, "hour");
  return counted(Math.floor(days), "day");
}

function counted(amount: number, unit: string): string {
  return `${amount} ${amount === 1 ? unit : `${unit}s`}`;
}
