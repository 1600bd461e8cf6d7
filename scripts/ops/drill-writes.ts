/**
 * One round of the drill's known writes, each through the portal's procedures: a market buy (the seller lists one
 * token, the buyer buys it), a guild deposit, and a world edit by a game master. What the round wrote, and the
 * balances right after it, are returned for the checks on the restored copies.
 */
import { randomUUID } from "node:crypto";
import type cassandra from "cassandra-driver";
import { AIR, MATERIALS, callerFor, recordEconomyFlows, withActorSql, type Engines } from "./portal";
import type { DrillCast } from "./drill-fixtures";

export interface RoundRecord {
  label: string;
  /** economy_ledger note of the round's grants. */
  note: string;
  listingId: number;
  purchaseTransactionId: number;
  saleTransactionId: number;
  guildEntryId: number;
  balances: { buyerGold: number; sellerGold: number; bankGold: number };
  world: { mortonCode: string; level: number; oldMaterialId: number; newMaterialId: number; sessionId: string };
}

export interface LeafNode {
  mortonCode: string;
  level: number;
  materialId: number;
}

/** Leaf nodes of solid material in the drill world: the ones a game master may change. */
export async function leafNodes(client: cassandra.Client, keyspace: string): Promise<LeafNode[]> {
  const result = await client.execute(`SELECT morton_code, level, material_id, children_mask FROM ${keyspace}.octree_nodes LIMIT 20000`, [], { fetchSize: 5000, autoPage: true });
  return result.rows
    .filter((r) => Number(r.children_mask) === 0 && Number(r.material_id) !== AIR)
    .map((r) => ({ mortonCode: r.morton_code.toString(), level: Number(r.level), materialId: Number(r.material_id) }));
}

const price = 100;
const deposit = 50;
const grant = 500;

export async function drillRound(engines: Engines, cast: DrillCast, node: LeafNode, runId: string, label: string): Promise<RoundRecord> {
  const pool = engines.postgres.pool;
  const note = `backup drill ${runId} round ${label}`;
  // Grants from outside the economy, recorded in the ledger in the same transaction so the conservation check expects them.
  await withActorSql(pool, { userId: null, playerId: null }, async (client) => {
    await client.query(
      `INSERT INTO game_data.character_inventory (character_id, item_id, quantity, slot_position) VALUES ($1, $2, 1, $3)
       ON CONFLICT (character_id, slot_position) DO UPDATE SET quantity = game_data.character_inventory.quantity + 1`,
      [cast.seller.characterId, cast.itemId, cast.sellerSlot],
    );
    await client.query(
      `INSERT INTO game_data.character_currencies (character_id, currency_type, amount) VALUES ($1, 'gold', $2)
       ON CONFLICT (character_id, currency_type) DO UPDATE SET amount = game_data.character_currencies.amount + EXCLUDED.amount`,
      [cast.buyer.characterId, grant],
    );
    await recordEconomyFlows(client, [
      { itemId: cast.itemId, amount: 1, source: "staff_grant", characterId: cast.seller.characterId, note },
      { currencyType: "gold", amount: grant, source: "staff_grant", characterId: cast.buyer.characterId, note },
    ]);
  });

  const seller = callerFor(engines, { playerId: cast.seller.playerId, username: cast.seller.username, roles: [] });
  const buyer = callerFor(engines, { playerId: cast.buyer.playerId, username: cast.buyer.username, roles: [] });
  const gm = callerFor(engines, { playerId: cast.gm.playerId, username: cast.gm.username, roles: ["game_master"] });

  const listing = await seller.market.create({ characterId: cast.seller.characterId, slotPosition: cast.sellerSlot, quantity: 1, pricePerUnit: price, currencyType: "gold", durationHours: 24 });
  const purchase = await buyer.market.buy({ listingId: listing.listingId, buyerCharacterId: cast.buyer.characterId, quantity: 1, idempotencyKey: `drill-${runId}-${label}` });
  const bank = await buyer.guild.deposit({ characterId: cast.buyer.characterId, guildId: cast.guildId, amount: deposit });
  const newMaterialId = MATERIALS.find((m) => m.materialId !== AIR && m.materialId !== node.materialId)!.materialId;
  const sessionId = randomUUID();
  await gm.world.applyDelta({ mortonCode: node.mortonCode, level: node.level, newMaterialId, changeType: "replace", characterId: cast.buyer.characterId, sessionId });

  const sellerGold = await pool.query<{ amount: number }>("SELECT amount FROM game_data.character_currencies WHERE character_id = $1 AND currency_type = 'gold'", [cast.seller.characterId]);
  return {
    label,
    note,
    listingId: listing.listingId,
    purchaseTransactionId: purchase.purchaseTransactionId,
    saleTransactionId: purchase.saleTransactionId,
    guildEntryId: bank.entryId,
    balances: { buyerGold: bank.characterGold, sellerGold: sellerGold.rows[0]?.amount ?? 0, bankGold: bank.bankGold },
    world: { mortonCode: node.mortonCode, level: node.level, oldMaterialId: node.materialId, newMaterialId, sessionId },
  };
}
