import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { serverCaller } from "@/server/caller";
import { usernamePattern } from "@/server/account/account.schema";
import { Panel } from "@/components/ui/panel";

export async function generateMetadata({ params }: { params: Promise<{ username: string }> }): Promise<Metadata> {
  const { username } = await params;
  return { title: decodeURIComponent(username) };
}

export default async function PublicProfilePage({ params }: { params: Promise<{ username: string }> }) {
  const username = decodeURIComponent((await params).username);
  if (!usernamePattern.test(username)) notFound();
  const caller = await serverCaller();
  const profile = await caller.profile.byUsername({ username }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return (
    <div className="space-y-6">
      <section className="flex items-start gap-4 rounded-lg bg-white p-5 shadow">
        {profile.avatarUrl ? (
          // eslint-disable-next-line @next/next/no-img-element -- avatars are arbitrary external URLs the image optimiser is not configured for
          <img src={profile.avatarUrl} alt="" width={72} height={72} className="h-18 w-18 rounded-full bg-slate-100 object-cover" referrerPolicy="no-referrer" />
        ) : (
          <div aria-hidden className="flex h-18 w-18 items-center justify-center rounded-full bg-ocean-100 text-2xl font-bold text-ocean-700">
            {profile.username.slice(0, 1).toUpperCase()}
          </div>
        )}
        <div>
          <h1 className="text-2xl font-bold text-slate-900">{profile.displayName ?? profile.username}</h1>
          <p className="text-sm text-slate-500">
            @{profile.username} · member since {profile.memberSince.toISOString().slice(0, 10)}
          </p>
          {profile.bio ? <p className="mt-2 whitespace-pre-line text-slate-700">{profile.bio}</p> : null}
        </div>
      </section>

      <Panel id="characters-heading" title="Characters" headingClassName="mb-3 text-lg font-semibold text-slate-900">
        {profile.characters.length === 0 ? (
          <p className="text-sm text-slate-500">No characters yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {profile.characters.map((character) => (
              <li key={character.characterId} className="flex items-center justify-between py-2 text-sm" data-character={character.name}>
                <span>
                  <span className="font-medium">{character.name}</span> <span className="text-slate-500">level {character.level} {character.characterClass}</span>
                </span>
                {character.online === null ? null : (
                  <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${character.online ? "bg-emerald-100 text-emerald-800" : "bg-slate-100 text-slate-600"}`}>
                    {character.online ? "online" : "offline"}
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
        {profile.showsOnline ? null : <p className="mt-2 text-xs text-slate-500">This player keeps their online status private.</p>}
      </Panel>

      <Panel id="achievements-heading" title="Achievements" headingClassName="mb-3 text-lg font-semibold text-slate-900">
        {profile.achievements === null ? (
          <p className="text-sm text-slate-500">This player keeps their achievements private.</p>
        ) : (
          <>
            <p className="text-sm">
              <span className="text-2xl font-bold text-ocean-700">{profile.achievements.totalPoints}</span> achievement points
            </p>
            {profile.achievements.recent.length ? (
              <ul className="mt-3 space-y-1 text-sm">
                {profile.achievements.recent.map((entry) => (
                  <li key={`${entry.characterName}-${entry.achievementName}`}>
                    <span className="font-medium">{entry.achievementName}</span> <span className="text-slate-500">({entry.points} pts, {entry.characterName}, {entry.unlockedAt.toISOString().slice(0, 10)})</span>
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        )}
      </Panel>
    </div>
  );
}
