import fc from 'fast-check';

/**
 * Hostile values for the fuzz suite (issue 11 §2) and the template language payloads are built
 * in. A payload is generated as a template, then resolved just before it is sent:
 *
 * - `{ $fresh: k }`      a new UUID per sending (same k, same UUID inside one request). Fresh at
 *                        sending, not at generation, so a shrunk or replayed counterexample does not
 *                        meet its own earlier ids (which would turn the failing case into a replay);
 * - `{ $known: kind, i }` the i-th known id of a kind (records, leaves, … that exist on the server);
 * - `{ $upper: t }`      the resolved template t, upper-cased (UUIDs in capitals);
 * - `{ $raw: text }`     JSON text put into the body as is (1e400, 30-digit numbers, deep nesting).
 *
 * Every mutation carries a label ("note: NUL", "level: 2^31") so a failure says what was sent.
 */

export interface Raw {
  $raw: string;
}
export interface Fresh {
  $fresh: number;
}
export interface Known {
  $known: string;
  i: number;
}
export interface Upper {
  $upper: unknown;
}

export const raw = (text: string): Raw => ({ $raw: text });
export const fresh = (k = 0): Fresh => ({ $fresh: k });
export const known = (kind: string, i = 0): Known => ({ $known: kind, i });
export const upper = (t: unknown): Upper => ({ $upper: t });

export type Labelled<T = unknown> = [label: string, value: T];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isMarker = (v: unknown): boolean =>
  isObject(v) && ('$fresh' in v || '$known' in v || '$upper' in v || '$raw' in v);

// ── Hostile values ───────────────────────────────────────────────────────────────────────────

const HUGE = 'x'.repeat(200_000); // far over every max(…), under the 1 MiB body limit
const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

export const HOSTILE_STRINGS: Labelled<unknown>[] = [
  ['NUL', '\u0000'],
  ['NUL inside', 'ab\u0000cd'],
  ['lone high surrogate', '\uD800'],
  ['lone low surrogate', 'a\uDC00b'],
  ['huge string', HUGE],
  ['empty', ''],
  ['spaces', '   '],
  ['NaN text', 'NaN'],
  ['Infinity text', 'Infinity'],
  ['-0 text', '-0'],
  ['1e400 text', '1e400'],
  ['SQL', "'; drop table violations; --"],
  ['HTML', '<img src=x onerror=alert(1)>'],
  ['formula', '=HYPERLINK("http://x","y")'],
  ['percent NUL', '%00'],
  ['path', '../../etc/passwd'],
  ['RTL + emoji', '\u202Eabc😀\u200D👩‍👩‍👧'],
  ['backslash-u text', '\\u0000'],
  ['proto', '__proto__'],
];

export const HOSTILE_NUMBERS: Labelled<unknown>[] = [
  ['2^31', 2 ** 31],
  ['2^31-1', 2 ** 31 - 1],
  ['-2^31-1', -(2 ** 31) - 1],
  ['2^53+2', 2 ** 53 + 2],
  ['2^63', 2 ** 63],
  ['-2^63', -(2 ** 63)],
  ['1e15', 1e15],
  ['1e308', 1e308],
  ['-1e308', -1e308],
  ['MIN_VALUE', Number.MIN_VALUE],
  ['-1', -1],
  ['0', 0],
  ['0.5', 0.5],
  ['-0.0', raw('-0.0')],
  ['1e400 (Infinity)', raw('1e400')],
  ['-1e400', raw('-1e400')],
  ['30 digits', raw('123456789012345678901234567890')],
  ['1.0e1', raw('1.0e1')],
];

export const HOSTILE_DATES: Labelled<unknown>[] = [
  ['0000-01-01', '0000-01-01T00:00:00Z'],
  ['0001-01-01', '0001-01-01T00:00:00Z'],
  ['9999-12-31', '9999-12-31T23:59:59Z'],
  ['9999-12-31 +08', '9999-12-31T23:59:59+08:00'],
  ['Feb 30', '2026-02-30T10:00:00+08:00'],
  ['month 13', '2026-13-01T10:00:00+08:00'],
  ['hour 25', '2026-03-02T25:00:00+08:00'],
  ['+14:00', '2026-03-02T09:15:00+14:00'],
  ['-12:00', '2026-03-02T09:15:00-12:00'],
  ['nanoseconds', '2026-03-02T09:15:00.123456789+08:00'],
  ['year 275760', '+275760-09-13T00:00:00Z'],
  ['negative year', '-000001-01-01T00:00:00Z'],
  ['date only', '2026-03-02'],
  ['1970', '1970-01-01T00:00:00Z'],
  ['2099', '2099-12-31T23:59:59+08:00'],
];

export const HOSTILE_DAYS: Labelled<unknown>[] = [
  ['day 0000-01-01', '0000-01-01'],
  ['day 0001-01-01', '0001-01-01'],
  ['day 9999-12-31', '9999-12-31'],
  ['day 2099-12-31', '2099-12-31'],
  ['day Feb 30', '2026-02-30'],
  ['day Feb 29 2027', '2027-02-29'],
  ['day 1970-01-01', '1970-01-01'],
];

export const HOSTILE_MONTHS: Labelled<string>[] = [
  ['month 0000-01', '0000-01'],
  ['month 9999-12', '9999-12'],
  ['month 2026-13', '2026-13'],
  ['month 2026-00', '2026-00'],
  ['month 10000-01', '10000-01'],
  ['month 1970-01', '1970-01'],
  ['month %00', '%00'],
  ['month text', 'latest'],
];

export const HOSTILE_UUIDS: Labelled<unknown>[] = [
  ['nil uuid', '00000000-0000-0000-0000-000000000000'],
  ['max uuid', 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
  ['uuid v1', 'c232ab00-9414-11ec-b3c8-9f6bdeced846'],
  ['uuid no dashes', '0c4f6a5e8a2b4c1d9e3f5a6b7c8d9e0f'],
  ['uuid braces', '{0c4f6a5e-8a2b-4c1d-9e3f-5a6b7c8d9e0f}'],
  ['not a uuid', 'not-a-uuid'],
  ['upper-case fresh uuid', upper(fresh(99))],
];

export const WRONG_TYPES: Labelled<unknown>[] = [
  ['null', null],
  ['true', true],
  ['[]', []],
  ['{}', {}],
  ['number 1', 1],
  ['string "1"', '1'],
  ['array of NUL', ['\u0000']],
  ['object with __proto__', raw('{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}')],
];

export const DEEP_BODIES: Labelled<Raw>[] = [
  ['array 1,000 deep', raw(deepArray(1000))],
  ['object 1,000 deep', raw(deepObject(1000))],
  ['array 10,000 deep', raw(deepArray(10_000))],
  ['object 10,000 deep', raw(deepObject(10_000))],
];

export const deepJson = (n: number, kind: 'array' | 'object' = 'array'): Raw =>
  raw(kind === 'array' ? deepArray(n) : deepObject(n));

const pick = <T>(list: Labelled<T>[]) => fc.constantFrom(...list);

/** A hostile replacement for a value, chosen by what the value looks like. */
export function hostileFor(key: string, value: unknown): fc.Arbitrary<Labelled> {
  const looksLikeTime = typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value);
  const looksLikeDay = typeof value === 'string' && /^\d{4}-\d\d-\d\d$/.test(value);
  const looksLikeMonth = typeof value === 'string' && /^\d{4}-\d\d$/.test(value);
  const looksLikeId = (isObject(value) && ('$fresh' in value || '$known' in value)) || /(^id$|Id$)/.test(key);
  const typed: Labelled[] =
    typeof value === 'number'
      ? HOSTILE_NUMBERS
      : looksLikeTime
        ? HOSTILE_DATES
        : looksLikeDay
          ? HOSTILE_DAYS
          : looksLikeMonth
            ? HOSTILE_MONTHS
            : looksLikeId
              ? [...HOSTILE_UUIDS, ['upper-case id', upper(value)]]
              : typeof value === 'string'
                ? HOSTILE_STRINGS
                : HOSTILE_STRINGS;
  return fc.oneof(
    { weight: 6, arbitrary: pick(typed) },
    // What databases refuse in text whatever its length: NUL and lone surrogates, often.
    ...(typeof value === 'string' && !looksLikeId ? [{ weight: 3, arbitrary: pick(HOSTILE_STRINGS.slice(0, 4)) }] : []),
    { weight: 2, arbitrary: pick(WRONG_TYPES) },
    { weight: 1, arbitrary: pick(HOSTILE_STRINGS) },
    { weight: 1, arbitrary: pick(HOSTILE_NUMBERS) },
    { weight: 1, arbitrary: pick(DEEP_BODIES.filter(([l]) => l.startsWith('array 1,000'))) },
  );
}

// ── Mutating a valid payload ─────────────────────────────────────────────────────────────────

type Path = (string | number)[];

/** Paths of every value in a template (markers count as leaves). */
export function leafPaths(v: unknown, path: Path = []): { path: Path; value: unknown }[] {
  if (isMarker(v) || v === null || typeof v !== 'object') return [{ path, value: v }];
  const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
  const below = entries.flatMap(([k, x]) => leafPaths(x, [...path, k]));
  return path.length ? [{ path, value: v }, ...below] : below;
}

function setAt(v: unknown, path: Path, replacement: unknown | typeof DELETE): unknown {
  if (!path.length) return replacement === DELETE ? undefined : replacement;
  const [head, ...rest] = path;
  if (Array.isArray(v)) {
    const copy = [...v];
    if (rest.length || replacement !== DELETE) copy[head as number] = setAt(copy[head as number], rest, replacement);
    else copy.splice(head as number, 1);
    return copy;
  }
  const copy = { ...(v as Record<string, unknown>) };
  if (!rest.length && replacement === DELETE) delete copy[head as string];
  else copy[head as string] = setAt(copy[head as string], rest, replacement);
  return copy;
}
const DELETE = Symbol('delete');

export interface Payload<T = unknown> {
  /** What was done to the valid payload, e.g. ["note: NUL", "extra field"]. */
  labels: string[];
  body: T;
}

type Edit = (p: Payload) => fc.Arbitrary<Payload>;

const EXTRA_FIELDS: Labelled[] = [
  ['extra field', 'x'],
  ['extra __proto__', raw('{"polluted":true}')],
  ['extra constructor', { prototype: { polluted: true } }],
  ['extra huge field', HUGE],
];

const editReplace: Edit = (p) => {
  const leaves = leafPaths(p.body);
  if (!leaves.length) return fc.constant(p);
  return fc.nat({ max: leaves.length - 1 }).chain((n) => {
    const { path, value } = leaves[n]!;
    const key = String(path.at(-1) ?? '');
    return hostileFor(key, value).map(([label, v]) => ({
      labels: [...p.labels, `${path.join('.') || 'body'}: ${label}`],
      body: setAt(p.body, path, v),
    }));
  });
};

const editDelete: Edit = (p) => {
  const leaves = leafPaths(p.body).filter((l) => l.path.length);
  if (!leaves.length) return fc.constant(p);
  return fc.nat({ max: leaves.length - 1 }).map((n) => ({
    labels: [...p.labels, `${leaves[n]!.path.join('.')}: missing`],
    body: setAt(p.body, leaves[n]!.path, DELETE),
  }));
};

const editExtra: Edit = (p) =>
  isObject(p.body) && !isMarker(p.body)
    ? fc
        .tuple(pick(EXTRA_FIELDS), fc.constantFrom('extra', '__proto__', 'constructor', 'id2', 'ID'))
        .map(([[label, v], key]) => ({
          labels: [...p.labels, `${label} (${key})`],
          body: key === '__proto__' ? { ...(p.body as object), [`$proto$`]: v } : { ...(p.body as object), [key]: v },
        }))
    : fc.constant(p);

const editWholeBody: Edit = (p) =>
  fc
    .oneof(pick(DEEP_BODIES), pick(WRONG_TYPES))
    .map(([label, v]) => ({ labels: [...p.labels, `whole body: ${label}`], body: v }));

const editUpperIds: Edit = (p) => fc.constant({ labels: [...p.labels, 'every id upper-case'], body: upperIds(p.body) });

function upperIds(v: unknown): unknown {
  if (isObject(v) && ('$fresh' in v || '$known' in v)) return upper(v);
  if (typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(v)) return v.toUpperCase();
  if (Array.isArray(v)) return v.map(upperIds);
  if (isObject(v) && !isMarker(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, upperIds(x)]));
  return v;
}

/**
 * A valid payload, or the same with 1–3 edits (mostly one, so each hostile value meets the check it targets): a value replaced by a hostile one (by what the
 * value looks like, or of a wrong type), a field missing, an extra field, ids in capitals, or the
 * whole body replaced (deep JSON, wrong type). About a third stay valid, so good requests really
 * change the server between the bad ones.
 */
export function mutated<T>(
  valid: fc.Arbitrary<T>,
  options: { wholeBody?: boolean; validWeight?: number } = {},
): fc.Arbitrary<Payload> {
  const edits: { weight: number; edit: Edit }[] = [
    { weight: 8, edit: editReplace },
    { weight: 2, edit: editDelete },
    { weight: 2, edit: editExtra },
    { weight: 1, edit: editUpperIds },
    ...(options.wholeBody === false ? [] : [{ weight: 1, edit: editWholeBody }]),
  ];
  const applyEdits = (p: Payload, n: number): fc.Arbitrary<Payload> =>
    n === 0
      ? fc.constant(p)
      : fc.oneof(...edits.map((e) => ({ weight: e.weight, arbitrary: e.edit(p) }))).chain((q) => applyEdits(q, n - 1));
  return fc
    .tuple(
      valid,
      fc.oneof(
        { weight: options.validWeight ?? 3, arbitrary: fc.constant(0) },
        { weight: 5, arbitrary: fc.constant(1) },
        { weight: 2, arbitrary: fc.constant(2) },
        { weight: 1, arbitrary: fc.constant(3) },
      ),
    )
    .chain(([body, n]) => applyEdits({ labels: [], body }, n));
}

// ── Resolving and serialising ────────────────────────────────────────────────────────────────

export interface Resolver {
  /** Known ids of a kind on the server (may be empty). */
  known(kind: string): readonly string[];
}

/** Resolves markers (fresh, known, upper); raw text stays a marker for serialise(). */
export function resolve(t: unknown, world: Resolver, freshIds: Map<number, string>, newId: () => string): unknown {
  if (isObject(t)) {
    if ('$fresh' in t) {
      const k = t.$fresh as number;
      if (!freshIds.has(k)) freshIds.set(k, newId());
      return freshIds.get(k);
    }
    if ('$known' in t) {
      const list = world.known(t.$known as string);
      return list.length ? list[(t.i as number) % list.length] : newId();
    }
    if ('$upper' in t) {
      const inner = resolve(t.$upper, world, freshIds, newId);
      return typeof inner === 'string' ? inner.toUpperCase() : inner;
    }
    if ('$raw' in t) return t;
    return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, resolve(v, world, freshIds, newId)]));
  }
  if (Array.isArray(t)) return t.map((x) => resolve(x, world, freshIds, newId));
  return t;
}

/** JSON text of a resolved body, with raw markers spliced in as they are; `$proto$` keys become "__proto__". */
export function serialise(body: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(body, (_k, v) => {
    if (isObject(v) && '$raw' in v) {
      raws.push(v.$raw as string);
      return `\u0001RAW${raws.length - 1}\u0001`;
    }
    return v;
  });
  if (text === undefined) return '';
  return text
    .replace(/"\$proto\$"/g, '"__proto__"')
    .replace(/"\\u0001RAW(\d+)\\u0001"/g, (_m, i: string) => raws[Number(i)]!);
}

/**
 * encodeURIComponent that does not throw on lone surrogates: they go out as the bytes a careless
 * client would send (WTF-8, e.g. %ED%A0%80), which is what the server must cope with.
 */
export function encodePart(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(s[i]!);
  }
  return out;
}

/** Short, printable form of a value for reports (huge strings and deep bodies cut). */
export function preview(v: unknown, max = 600): string {
  let text: string;
  try {
    text = typeof v === 'string' ? v : serialise(v);
  } catch (e) {
    text = `<unprintable: ${(e as Error).message}>`;
  }
  text = text
    .replace(/x{50,}/g, (m) => `x…(${m.length})`)
    .replace(/(\[{20,}|(\{"a":){20,})/g, (m) => `<${m.length} chars of nesting>`);
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}
