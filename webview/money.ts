/**
 * Dollar amounts the way Fanout's plan review and history show them: two decimals, "<$0.01"
 * below a cent, and "n/a" for an unknown price (never a guess).
 */

export function formatUsd2(usd: number): string {
  if (usd > 0 && usd < 0.005) return '<$0.01';
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function formatUsdOrNa(usd: number | null): string {
  return usd === null ? 'n/a' : formatUsd2(usd);
}
