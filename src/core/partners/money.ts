// Money is kept in minor units with its currency; partners show a display string beside it.
export interface Money {
  amount: number;
  currency: string;
  display: string;
}

const MINOR_DIGITS: Record<string, number> = { SAR: 2, INR: 2, USD: 2, EUR: 2, AED: 2, KWD: 3, BHD: 3, JPY: 0 };

/** `SAR 90` for 9000 minor units, `SAR 90.50` for 9050. */
export function displayMoney(minor: number, currency: string): string {
  const digits = MINOR_DIGITS[currency] ?? 2;
  const major = minor / 10 ** digits;
  return `${currency} ${Number.isInteger(major) ? String(major) : major.toFixed(digits)}`;
}

export function money(minor: number, currency: string): Money {
  return { amount: minor, currency, display: displayMoney(minor, currency) };
}
