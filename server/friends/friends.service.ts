import "server-only";
import type { Engines } from "@/server/engines";
import { AppError } from "@/server/errors";
import { withActorSql } from "@/server/db/actor-transaction";
import {
  acceptRequest,
  deleteFriendOrOwnRequest,
  deleteIncomingRequest,
  deleteOwnBlock,
  findFriendship,
  insertRequest,
  listRelationships,
  upsertBlock,
  type FriendListRow,
} from "@/server/friends/friends.pg";
import { findCharacterByName, findOwnedCharacter, listOwnedCharacters, liveCharacterExists, type OwnedCharacter } from "@/server/character/owned-characters.pg";
import { lastActivity } from "@/server/presence/presence.redis";
import type { SessionUser } from "@/server/session";

/** Friends are between characters; a player acts for one of their own live characters. */
async function ownedOrNotFound(engines: Engines, actor: SessionUser, characterId: number): Promise<OwnedCharacter> {
  const character = await findOwnedCharacter(engines.postgres.pool, actor.playerId, characterId);
  if (!character) throw new AppError("NOT_FOUND", "You have no character with that id.");
  return character;
}

function write<T>(engines: Engines, actor: SessionUser, work: Parameters<typeof withActorSql<T>>[2]): Promise<T> {
  return withActorSql(engines.postgres.pool, { userId: actor.playerId, playerId: actor.playerId }, work);
}

export async function sendFriendRequest(engines: Engines, actor: SessionUser, input: { characterId: number; targetName: string }): Promise<{ status: "pending" }> {
  const me = await ownedOrNotFound(engines, actor, input.characterId);
  const target = await findCharacterByName(engines.postgres.pool, input.targetName.trim());
  if (!target) throw new AppError("NOT_FOUND", `There is no character called ${input.targetName.trim()}.`, { fieldErrors: { targetName: ["No character has that name."] } });
  if (target.characterId === me.characterId) throw new AppError("BAD_INPUT", "A character cannot befriend itself.", { fieldErrors: { targetName: ["That is this character."] } });

  const existing = await findFriendship(engines.postgres.pool, me.characterId, target.characterId);
  if (existing) throw relationshipConflict(existing, me.characterId, target.name);
  if (!target.allowFriendRequests) {
    throw new AppError("FORBIDDEN", `${target.name} does not accept friend requests.`, { fieldErrors: { targetName: ["This player does not accept friend requests."] } });
  }
  const inserted = await write(engines, actor, (client) => insertRequest(client, actor.playerId, me.characterId, target.characterId));
  if (!inserted) {
    // Someone created the pair between our check and the insert: report what is there now.
    const now = await findFriendship(engines.postgres.pool, me.characterId, target.characterId);
    throw now ? relationshipConflict(now, me.characterId, target.name) : new AppError("CONFLICT", "That changed meanwhile. Please try again.");
  }
  return { status: "pending" };
}

function relationshipConflict(existing: { status: string; requestedBy: number }, myCharacterId: number, otherName: string): AppError {
  if (existing.status === "accepted") return new AppError("CONFLICT", `You are already friends with ${otherName}.`);
  if (existing.status === "pending" && existing.requestedBy === myCharacterId) return new AppError("CONFLICT", `You already sent ${otherName} a friend request.`);
  if (existing.status === "pending") return new AppError("CONFLICT", `${otherName} already sent you a friend request: accept it instead.`);
  if (existing.requestedBy === myCharacterId) return new AppError("CONFLICT", `You blocked ${otherName}. Unblock them first.`);
  // Do not say who blocked whom.
  return new AppError("FORBIDDEN", `You cannot send ${otherName} a friend request.`);
}

type FriendAction = { characterId: number; otherCharacterId: number };

export async function acceptFriendRequest(engines: Engines, actor: SessionUser, input: FriendAction): Promise<{ status: "accepted" }> {
  await ownedOrNotFound(engines, actor, input.characterId);
  const done = await write(engines, actor, (client) => acceptRequest(client, actor.playerId, input.characterId, input.otherCharacterId));
  if (!done) throw new AppError("NOT_FOUND", "There is no pending friend request from that character.");
  return { status: "accepted" };
}

export async function declineFriendRequest(engines: Engines, actor: SessionUser, input: FriendAction): Promise<{ status: "declined" }> {
  await ownedOrNotFound(engines, actor, input.characterId);
  const done = await write(engines, actor, (client) => deleteIncomingRequest(client, actor.playerId, input.characterId, input.otherCharacterId));
  if (!done) throw new AppError("NOT_FOUND", "There is no pending friend request from that character.");
  return { status: "declined" };
}

/** Ends a friendship or withdraws an outgoing request. */
export async function removeFriend(engines: Engines, actor: SessionUser, input: FriendAction): Promise<{ status: "removed" }> {
  await ownedOrNotFound(engines, actor, input.characterId);
  const done = await write(engines, actor, (client) => deleteFriendOrOwnRequest(client, actor.playerId, input.characterId, input.otherCharacterId));
  if (!done) throw new AppError("NOT_FOUND", "That character is not your friend and has no request from you.");
  return { status: "removed" };
}

export async function blockCharacter(engines: Engines, actor: SessionUser, input: FriendAction): Promise<{ status: "blocked" }> {
  await ownedOrNotFound(engines, actor, input.characterId);
  if (!(await liveCharacterExists(engines.postgres.pool, input.otherCharacterId))) throw new AppError("NOT_FOUND", "There is no such character.");
  await write(engines, actor, (client) => upsertBlock(client, actor.playerId, input.characterId, input.otherCharacterId));
  return { status: "blocked" };
}

export async function unblockCharacter(engines: Engines, actor: SessionUser, input: FriendAction): Promise<{ status: "unblocked" }> {
  await ownedOrNotFound(engines, actor, input.characterId);
  const done = await write(engines, actor, (client) => deleteOwnBlock(client, actor.playerId, input.characterId, input.otherCharacterId));
  if (!done) throw new AppError("NOT_FOUND", "You have not blocked that character.");
  return { status: "unblocked" };
}

export interface FriendEntry {
  characterId: number;
  name: string;
  characterClass: string;
  level: number;
  username: string;
  /** null when that player hides their online state. */
  online: boolean | null;
  since: Date | null;
}

export interface FriendsOverview {
  characters: { characterId: number; name: string; level: number }[];
  selectedCharacterId: number | null;
  friends: FriendEntry[];
  incoming: FriendEntry[];
  outgoing: FriendEntry[];
  blocked: FriendEntry[];
}

/** The player's characters and, for the chosen one (default: the highest level), its friends, requests and blocks. */
export async function friendsOverview(engines: Engines, actor: SessionUser, input: { characterId?: number }, nowMs = Date.now()): Promise<FriendsOverview> {
  const characters = await listOwnedCharacters(engines.postgres.pool, actor.playerId);
  const selected = input.characterId ?? characters[0]?.characterId ?? null;
  const empty = { characters: characters.map(({ characterId, name, level }) => ({ characterId, name, level })), selectedCharacterId: selected, friends: [], incoming: [], outgoing: [], blocked: [] };
  if (selected === null) return empty;
  if (!characters.some((c) => c.characterId === selected)) throw new AppError("NOT_FOUND", "You have no character with that id.");
  const rows = await listRelationships(engines.postgres.pool, actor.playerId, selected);
  const visibleIds = rows.filter((r) => r.status === "accepted" && r.showOnline).map((r) => r.otherCharacterId);
  const activity = await lastActivity(engines.redis, visibleIds, nowMs);
  const entry = (row: FriendListRow): FriendEntry => ({
    characterId: row.otherCharacterId,
    name: row.name,
    characterClass: row.characterClass,
    level: row.level,
    username: row.username,
    online: row.status === "accepted" && row.showOnline ? activity.get(row.otherCharacterId) != null : null,
    since: row.status === "accepted" ? row.acceptedAt : row.requestedAt,
  });
  return {
    ...empty,
    friends: rows.filter((r) => r.status === "accepted").map(entry),
    incoming: rows.filter((r) => r.status === "pending" && r.requestedBy !== selected).map(entry),
    outgoing: rows.filter((r) => r.status === "pending" && r.requestedBy === selected).map(entry),
    // Blocks placed by the other side stay invisible.
    blocked: rows.filter((r) => r.status === "blocked" && r.requestedBy === selected).map(entry),
  };
}
