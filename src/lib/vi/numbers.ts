// Vietnamese number format: "." groups thousands, "," marks decimals: 1.234,5

const formatters = new Map<number | undefined, Intl.NumberFormat>();

function formatter(decimals: number | undefined): Intl.NumberFormat {
  let f = formatters.get(decimals);
  if (!f) {
    // en-US gives "1,234.5" deterministically; separators are swapped below.
    // maximumFractionDigits 20 + ICU shortest representation: 0.1 → "0.1".
    f = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: decimals ?? 0,
      maximumFractionDigits: decimals ?? 20,
      signDisplay: 'negative', // no "-0"
    });
    formatters.set(decimals, f);
  }
  return f;
}

/**
 * formatNumber(1234.5) → "1.234,5"; formatNumber(-1234) → "-1.234";
 * formatNumber(2, 2) → "2,00". Non-finite numbers give "".
 */
export function formatNumber(n: number, decimals?: number): string {
  if (!Number.isFinite(n)) return '';
  return formatter(decimals)
    .format(n)
    .replace(/[,.]/g, (c) => (c === ',' ? '.' : ','));
}

/**
 * "1.234,5" → 1234.5; "-1.234" → -1234; "12,5" → 12.5. Groups must be of three
 * digits ("1.23" is rejected). Returns null when not a valid number.
 */
export function parseViNumber(s: string): number | null {
  const t = s.trim().replace(/\u2212/g, '-').replace(/[\s\u00a0\u202f]/g, '');
  const m = /^([-+]?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$/.exec(t);
  if (!m) return null;
  const n = Number(`${m[1] ?? ''}${(m[2] ?? '').replace(/\./g, '')}.${m[3] ?? '0'}`);
  return Number.isFinite(n) ? n : null;
}

/** formatPercent(0.5) → "50%"; formatPercent(0.1234, 1) → "12,3%". */
export function formatPercent(ratio: number, decimals = 0): string {
  const s = formatNumber(ratio * 100, decimals);
  return s === '' ? '' : `${s}%`;
}
