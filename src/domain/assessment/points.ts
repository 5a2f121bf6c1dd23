/**
 * Exact point arithmetic. Every figure is held as integer hundredths of a point ("centi") so
 * that 0.5-point steps never drift (0.1 + 0.2 style errors cannot occur). Scheme figures and
 * record points are taken to two decimals. Values leave the engine as `centi / 100`.
 */
export type Centi = number;

export function toCenti(points: number): Centi {
  return Math.round(points * 100);
}

export function fromCenti(centi: Centi): number {
  return centi / 100;
}

/** a / b rounded half away from zero, for integer a and positive integer b. */
export function divideRounded(a: number, b: number): number {
  const sign = a < 0 ? -1 : 1;
  return sign * Math.floor((2 * Math.abs(a) + b) / (2 * b));
}
