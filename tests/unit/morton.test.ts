import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AXIS_MAX,
  boxContains,
  boxToRanges,
  childOf,
  compare,
  decode,
  encode,
  fromBigInt,
  fromDecimal,
  parentOf,
  toBigInt,
  toDecimal,
  type CellBox,
} from "@/lib/world/morton";

const axis = fc.integer({ min: 0, max: AXIS_MAX });

/** Reference implementation, bit by bit with BigInt: bit i of x → 3i, of y → 3i+1, of z → 3i+2. */
function referenceEncode(x: number, y: number, z: number): bigint {
  let code = 0n;
  for (let i = 0; i < 21; i++) {
    if (x & (1 << i)) code |= 1n << BigInt(3 * i);
    if (y & (1 << i)) code |= 1n << BigInt(3 * i + 1);
    if (z & (1 << i)) code |= 1n << BigInt(3 * i + 2);
  }
  return code;
}

describe("encode / decode", () => {
  it("decode(encode(p)) = p over the whole 21-bit range", () => {
    fc.assert(
      fc.property(axis, axis, axis, (x, y, z) => {
        const code = encode(x, y, z);
        expect(decode(code.hi, code.lo)).toEqual({ x, y, z });
      }),
      { numRuns: 5000 },
    );
  });

  it("matches a bit-by-bit reference interleaving, including the corners", () => {
    for (const [x, y, z] of [
      [0, 0, 0],
      [AXIS_MAX, AXIS_MAX, AXIS_MAX],
      [AXIS_MAX, 0, 0],
      [0, AXIS_MAX, 0],
      [0, 0, AXIS_MAX],
      [1, 2, 4],
    ] as const) {
      const code = encode(x, y, z);
      expect(toBigInt(code.hi, code.lo)).toBe(referenceEncode(x, y, z));
    }
    fc.assert(
      fc.property(axis, axis, axis, (x, y, z) => {
        const code = encode(x, y, z);
        expect(toBigInt(code.hi, code.lo)).toBe(referenceEncode(x, y, z));
      }),
      { numRuns: 2000 },
    );
    const top = encode(AXIS_MAX, AXIS_MAX, AXIS_MAX);
    expect(toBigInt(top.hi, top.lo)).toBe((1n << 63n) - 1n);
  });

  it("refuses coordinates outside 21 bits", () => {
    expect(() => encode(AXIS_MAX + 1, 0, 0)).toThrow(RangeError);
    expect(() => encode(-1, 0, 0)).toThrow(RangeError);
    expect(() => encode(0.5, 0, 0)).toThrow(RangeError);
  });

  it("orders codes as unsigned 64-bit integers consistent with BigInt ordering", () => {
    fc.assert(
      fc.property(axis, axis, axis, axis, axis, axis, (x1, y1, z1, x2, y2, z2) => {
        const a = encode(x1, y1, z1);
        const b = encode(x2, y2, z2);
        const big = Math.sign(Number(toBigInt(a.hi, a.lo) - toBigInt(b.hi, b.lo)));
        expect(compare(a.hi, a.lo, b.hi, b.lo)).toBe(big);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps Z-order: a coarser cell's codes form one contiguous block", () => {
    // Every cell of the 2x2x2 block at (2a, 2b, 2c) has code (parent << 3) | octant.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 20 - 1 }), fc.integer({ min: 0, max: 2 ** 20 - 1 }), fc.integer({ min: 0, max: 2 ** 20 - 1 }), (a, b, c) => {
        const parent = toBigInt(encode(a, b, c).hi, encode(a, b, c).lo);
        for (let octant = 0; octant < 8; octant++) {
          const child = encode(2 * a + (octant & 1), 2 * b + ((octant >> 1) & 1), 2 * c + ((octant >> 2) & 1));
          expect(toBigInt(child.hi, child.lo)).toBe((parent << 3n) | BigInt(octant));
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("parent / child", () => {
  it("parentOf(childOf(c, o)) = c and childOf places the octant in the low bits", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 20 - 1 }), fc.integer({ min: 0, max: 2 ** 20 - 1 }), fc.integer({ min: 0, max: 2 ** 20 - 1 }), fc.integer({ min: 0, max: 7 }), (x, y, z, octant) => {
        const code = encode(x, y, z);
        const child = childOf(code, octant);
        expect(parentOf(child)).toEqual(code);
        expect(decode(child.hi, child.lo)).toEqual({ x: 2 * x + (octant & 1), y: 2 * y + ((octant >> 1) & 1), z: 2 * z + ((octant >> 2) & 1) });
      }),
      { numRuns: 2000 },
    );
  });
});

describe("decimal form", () => {
  it("round-trips through decimal strings, on both the Number and the BigInt path", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 63n) - 1n }), (value) => {
        const code = fromBigInt(value);
        expect(toDecimal(code.hi, code.lo)).toBe(value.toString());
        expect(fromDecimal(value.toString())).toEqual(code);
      }),
      { numRuns: 3000 },
    );
    expect(toDecimal(0x1fffff, 0xffffffff)).toBe(((1n << 53n) - 1n).toString());
    expect(toDecimal(0x200000, 0)).toBe((1n << 53n).toString());
  });
});

const boxAt = (level: number) => {
  const at = () => fc.integer({ min: 0, max: 2 ** level - 1 });
  return fc
    .tuple(at(), at(), at(), at(), at(), at())
    .map(([a, b, c, d, e, f]): CellBox => ({ minX: Math.min(a, d), maxX: Math.max(a, d), minY: Math.min(b, e), maxY: Math.max(b, e), minZ: Math.min(c, f), maxZ: Math.max(c, f) }));
};

function cellsOfRanges(ranges: { start: bigint; end: bigint }[]): bigint[] {
  const cells: bigint[] = [];
  for (const range of ranges) for (let code = range.start; code <= range.end; code++) cells.push(code);
  return cells;
}

function cellsOfBox(box: CellBox): bigint[] {
  const cells: bigint[] = [];
  for (let x = box.minX; x <= box.maxX; x++)
    for (let y = box.minY; y <= box.maxY; y++)
      for (let z = box.minZ; z <= box.maxZ; z++) {
        const code = encode(x, y, z);
        cells.push(toBigInt(code.hi, code.lo));
      }
  return cells.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

describe("boxToRanges", () => {
  it("with a generous budget, covers exactly the box's cells", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }).chain((level) => fc.tuple(fc.constant(level), boxAt(level))), ([level, box]) => {
        const ranges = boxToRanges(level, box, 100_000);
        expect(cellsOfRanges(ranges)).toEqual(cellsOfBox(box));
      }),
      { numRuns: 300 },
    );
  });

  it("with a small cap, stays within it, covers the box, and exact filtering leaves exactly the box", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }).chain((level) => fc.tuple(fc.constant(level), boxAt(level), fc.integer({ min: 1, max: 12 }))), ([level, box, cap]) => {
        const ranges = boxToRanges(level, box, cap);
        expect(ranges.length).toBeLessThanOrEqual(cap);
        for (let i = 1; i < ranges.length; i++) expect(ranges[i]!.start > ranges[i - 1]!.end + 1n).toBe(true);
        const fetched = cellsOfRanges(ranges);
        const fetchedSet = new Set(fetched);
        const inBox = cellsOfBox(box);
        for (const cell of inBox) expect(fetchedSet.has(cell)).toBe(true);
        const filtered = fetched.filter((code) => {
          const { hi, lo } = fromBigInt(code);
          const { x, y, z } = decode(hi, lo);
          return boxContains(box, x, y, z);
        });
        expect(filtered).toEqual(inBox);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps a fine-level box to a few ranges without enumerating it", () => {
    const box = { minX: 1_000_000, maxX: 1_000_099, minY: 2_000_000, maxY: 2_000_099, minZ: 5, maxZ: 60 };
    const ranges = boxToRanges(21, box, 24);
    expect(ranges.length).toBeGreaterThan(0);
    expect(ranges.length).toBeLessThanOrEqual(24);
    const corner = encode(1_000_000, 2_000_000, 5);
    const cornerCode = toBigInt(corner.hi, corner.lo);
    expect(ranges.some((r) => r.start <= cornerCode && cornerCode <= r.end)).toBe(true);
  });

  it("refuses a box outside the level's grid", () => {
    expect(() => boxToRanges(3, { minX: 0, maxX: 8, minY: 0, maxY: 0, minZ: 0, maxZ: 0 })).toThrow(RangeError);
  });
});
