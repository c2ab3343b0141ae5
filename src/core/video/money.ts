// Money in minor units with the display string partners show ("SAR 90", "SAR 90.50").
export interface Money { amount: number; currency: string; display: string }

export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export function money(amount: number, currency: string): Money {
  const digits = minorDigits(currency);
  const major = amount / 10 ** digits;
  const text = Number.isInteger(major) ? String(major) : major.toFixed(digits);
  return { amount, currency, display: `${currency} ${text}` };
}
