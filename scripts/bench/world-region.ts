/** The region every world benchmark reads: shared by `bench:world` (in-process) and `bench:http` (through the portal). */

export interface WorldBox {
  minX: number;
  minY: number;
  minZ: number;
  maxX: number;
  maxY: number;
  maxZ: number;
}

/**
 * A box whose cut holds about 10,000 nodes: a square column at `level`, grown from the survey area's centre until the
 * cut reaches 10,000 nodes. `count` reads the cut of a box and returns its node count.
 */
export async function findRegionBox(full: WorldBox, count: (box: WorldBox) => Promise<number>): Promise<{ box: WorldBox; count: number }> {
  let found = { box: full, count: 0 };
  for (const side of [16, 24, 32, 40, 48, 56, 64, 80, 96, 128]) {
    const cx = Math.floor((full.minX + full.maxX) / 2);
    const cy = Math.floor((full.minY + full.maxY) / 2);
    const box = { ...full, minX: cx - side / 2, maxX: cx + side / 2 - 1, minY: cy - side / 2, maxY: cy + side / 2 - 1 };
    found = { box, count: await count(box) };
    if (found.count >= 10_000) break;
  }
  return found;
}
