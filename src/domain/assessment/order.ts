/** Stable, locale-independent orderings: output never depends on input order. */

/** Code-unit order of two strings (not locale collation, so identical on every device). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Natural order of window numbers: "2" < "10", "A2" < "A10"; then plain text order. */
export function compareWindowNumbers(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const xNum = /^\d/.test(x);
    const yNum = /^\d/.test(y);
    if (xNum && yNum) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
      return compareText(x, y); // "02" vs "2"
    }
    return compareText(x, y);
  }
  return pa.length - pb.length || compareText(a, b);
}
