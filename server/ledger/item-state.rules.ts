/**
 * "Enchanted, worn or customised": an inventory row whose per-instance state a plain unit of the item would lose.
 * Such items cannot be listed, traded as plain units or stacked; every money-and-items path asks the same question.
 */
/** SQL expression: true when an inventory row carries per-instance state that a plain unit of the item would lose. */
export function instanceStateSql(alias: string): string {
  return `(COALESCE(${alias}.enchantment_level, 0) <> 0 OR ${alias}.custom_properties IS NOT NULL
           OR (${alias}.durability_current IS NOT NULL AND ${alias}.durability_max IS NOT NULL AND ${alias}.durability_current < ${alias}.durability_max))`;
}
