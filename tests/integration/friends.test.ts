import { afterAll, describe, expect, it } from "vitest";
import { createTestEngines } from "@/tests/helpers/engines";
import { anonymousCaller, newCharacter, newPlayer } from "@/tests/helpers/accounts";

const engines = createTestEngines();
afterAll(() => engines.close());

async function twoPlayers() {
  const alice = await newPlayer(engines, "Al");
  const bob = await newPlayer(engines, "Bo");
  const a = await newCharacter(engines, alice.session.playerId, { level: 10 });
  const b = await newCharacter(engines, bob.session.playerId, { level: 12 });
  return { alice, bob, a, b };
}

async function pairRow(x: number, y: number) {
  const result = await engines.postgres.pool.query(
    "SELECT character_id_1, character_id_2, status, requested_by, accepted_at FROM game_data.friendships WHERE character_id_1 = LEAST($1::bigint, $2::bigint) AND character_id_2 = GREATEST($1::bigint, $2::bigint)",
    [x, y],
  );
  return result.rows[0] ?? null;
}

describe("friends", () => {
  it("request → accept stores one ordered pair and both sides see the friendship", async () => {
    const { alice, bob, a, b } = await twoPlayers();
    // The higher id asks the lower one, to exercise the ordering rule.
    await expect(bob.caller.friends.request({ characterId: b.characterId, targetName: a.name })).resolves.toEqual({ status: "pending" });
    const pending = await pairRow(a.characterId, b.characterId);
    expect(pending).toMatchObject({ character_id_1: Math.min(a.characterId, b.characterId), character_id_2: Math.max(a.characterId, b.characterId), status: "pending", requested_by: b.characterId });

    expect((await alice.caller.friends.overview({ characterId: a.characterId })).incoming.map((f) => f.name)).toEqual([b.name]);
    expect((await bob.caller.friends.overview({ characterId: b.characterId })).outgoing.map((f) => f.name)).toEqual([a.name]);
    // The requester cannot accept their own request.
    await expect(bob.caller.friends.accept({ characterId: b.characterId, otherCharacterId: a.characterId })).rejects.toMatchObject({ code: "NOT_FOUND" });

    await alice.caller.friends.accept({ characterId: a.characterId, otherCharacterId: b.characterId });
    expect(await pairRow(a.characterId, b.characterId)).toMatchObject({ status: "accepted" });
    const aliceView = await alice.caller.friends.overview({ characterId: a.characterId });
    expect(aliceView.friends).toMatchObject([{ characterId: b.characterId, name: b.name, username: bob.username, online: false }]);
    expect(aliceView.incoming).toEqual([]);
    await expect(alice.caller.friends.request({ characterId: a.characterId, targetName: b.name })).rejects.toMatchObject({ code: "CONFLICT", message: `You are already friends with ${b.name}.` });
  });

  it("decline deletes the request; remove ends a friendship or withdraws one's own request", async () => {
    const { alice, bob, a, b } = await twoPlayers();
    await alice.caller.friends.request({ characterId: a.characterId, targetName: b.name });
    await expect(alice.caller.friends.request({ characterId: a.characterId, targetName: b.name })).rejects.toMatchObject({ code: "CONFLICT" });
    await bob.caller.friends.decline({ characterId: b.characterId, otherCharacterId: a.characterId });
    expect(await pairRow(a.characterId, b.characterId)).toBeNull();

    await alice.caller.friends.request({ characterId: a.characterId, targetName: b.name });
    await alice.caller.friends.remove({ characterId: a.characterId, otherCharacterId: b.characterId });
    expect(await pairRow(a.characterId, b.characterId)).toBeNull();

    await alice.caller.friends.request({ characterId: a.characterId, targetName: b.name });
    await bob.caller.friends.accept({ characterId: b.characterId, otherCharacterId: a.characterId });
    await bob.caller.friends.remove({ characterId: b.characterId, otherCharacterId: a.characterId });
    expect(await pairRow(a.characterId, b.characterId)).toBeNull();
    await expect(bob.caller.friends.remove({ characterId: b.characterId, otherCharacterId: a.characterId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("block replaces a friendship, stops requests both ways and only the blocker can lift it", async () => {
    const { alice, bob, a, b } = await twoPlayers();
    await alice.caller.friends.request({ characterId: a.characterId, targetName: b.name });
    await bob.caller.friends.accept({ characterId: b.characterId, otherCharacterId: a.characterId });
    await bob.caller.friends.block({ characterId: b.characterId, otherCharacterId: a.characterId });
    expect(await pairRow(a.characterId, b.characterId)).toMatchObject({ status: "blocked", requested_by: b.characterId, accepted_at: null });

    await expect(alice.caller.friends.request({ characterId: a.characterId, targetName: b.name })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: `You cannot send ${b.name} a friend request.`,
    });
    // Alice blocking back keeps Bob's block (so she cannot lift it by unblocking).
    await alice.caller.friends.block({ characterId: a.characterId, otherCharacterId: b.characterId });
    expect(await pairRow(a.characterId, b.characterId)).toMatchObject({ requested_by: b.characterId });
    await expect(alice.caller.friends.unblock({ characterId: a.characterId, otherCharacterId: b.characterId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await alice.caller.friends.overview({ characterId: a.characterId })).blocked).toEqual([]);
    expect((await bob.caller.friends.overview({ characterId: b.characterId })).blocked.map((f) => f.name)).toEqual([a.name]);

    await bob.caller.friends.unblock({ characterId: b.characterId, otherCharacterId: a.characterId });
    expect(await pairRow(a.characterId, b.characterId)).toBeNull();
  });

  it("honours allow_friend_requests = false of the target's player and writes nothing", async () => {
    const { alice, bob, a, b } = await twoPlayers();
    await bob.caller.profile.update({
      displayName: null,
      bio: null,
      avatarUrl: null,
      preferredLanguage: "en",
      timezone: null,
      privacy: { showOnline: true, allowFriendRequests: false, showAchievements: true },
    });
    await expect(alice.caller.friends.request({ characterId: a.characterId, targetName: b.name })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: `${b.name} does not accept friend requests.`,
    });
    expect(await pairRow(a.characterId, b.characterId)).toBeNull();
  });

  it("lets a player act only for their own live characters", async () => {
    const { alice, bob, a, b } = await twoPlayers();
    const other = await newCharacter(engines, bob.session.playerId);
    // Alice names Bob's character as hers.
    await expect(alice.caller.friends.request({ characterId: b.characterId, targetName: other.name })).rejects.toMatchObject({ code: "NOT_FOUND", message: "You have no character with that id." });
    await bob.caller.friends.request({ characterId: b.characterId, targetName: a.name });
    for (const action of ["accept", "decline", "remove", "block", "unblock"] as const) {
      await expect(bob.caller.friends[action]({ characterId: a.characterId, otherCharacterId: b.characterId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    await expect(bob.caller.friends.overview({ characterId: a.characterId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await pairRow(a.characterId, b.characterId)).toMatchObject({ status: "pending", requested_by: b.characterId });
    // A soft-deleted character no longer acts.
    await engines.postgres.pool.query("UPDATE game_data.characters SET deleted_at = NOW() WHERE character_id = $1", [a.characterId]);
    await expect(alice.caller.friends.accept({ characterId: a.characterId, otherCharacterId: b.characterId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses self-requests, unknown names, bad input and visitors", async () => {
    const { alice, a } = await twoPlayers();
    await expect(alice.caller.friends.request({ characterId: a.characterId, targetName: a.name })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(alice.caller.friends.request({ characterId: a.characterId, targetName: "no_such_character_zz" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(alice.caller.friends.request({ characterId: a.characterId, targetName: "bad name!" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(alice.caller.friends.accept({ characterId: a.characterId, otherCharacterId: a.characterId })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(anonymousCaller(engines).friends.overview({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("shows a friend online only when their player allows it", async () => {
    const { alice, bob, a, b } = await twoPlayers();
    await alice.caller.friends.request({ characterId: a.characterId, targetName: b.name });
    await bob.caller.friends.accept({ characterId: b.characterId, otherCharacterId: a.characterId });
    await bob.caller.presence.heartbeat({ characterId: b.characterId });
    expect((await alice.caller.friends.overview({ characterId: a.characterId })).friends[0]?.online).toBe(true);
    await bob.caller.profile.update({
      displayName: null,
      bio: null,
      avatarUrl: null,
      preferredLanguage: "en",
      timezone: null,
      privacy: { showOnline: false, allowFriendRequests: true, showAchievements: true },
    });
    expect((await alice.caller.friends.overview({ characterId: a.characterId })).friends[0]?.online).toBeNull();
  });
});
