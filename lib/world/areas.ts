/**
 * `octree_deltas.area_code`: where a change happened, as a Morton code at AREA_LEVEL (cells of 32 world units).
 * A finer node maps to its ancestor, a coarser one to its first descendant. Timeline reads query an SAI index
 * on area_code with the ranges of a box at AREA_LEVEL, then filter exactly.
 */
export const AREA_LEVEL = 16;

export function areaCodeOf(code: bigint, level: number): bigint {
  return level >= AREA_LEVEL ? code >> BigInt(3 * (level - AREA_LEVEL)) : code << BigInt(3 * (AREA_LEVEL - level));
}
