import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { clientIpFrom } from "@/server/auth/client-ip";
import { appConfig } from "@/server/config";
import { processEngines } from "@/server/engines";
import { AppError } from "@/server/errors";
import { authorizeCredentials } from "@/server/account/auth.service";
import type { StaffRole } from "@/server/session";

/** Sessions are signed JWTs for 7 days; bans and role changes still apply at the next request (server/auth/current-user.ts). */
const sessionMaxAgeSeconds = 7 * 24 * 3600;

function headerValue(headers: unknown, name: string): string | null {
  if (!headers) return null;
  if (headers instanceof Headers) return headers.get(name);
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

function clientIpFromHeaders(headers: unknown): string | null {
  return clientIpFrom((name) => headerValue(headers, name));
}

declare module "next-auth" {
  interface User {
    playerId: number;
    username: string;
    roles: StaffRole[];
    credentialStamp: string;
  }
  interface Session {
    user: { playerId: number; username: string; name?: string | null };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    playerId?: number;
    username?: string;
    /** The account's credential stamp at sign-in: a later password change ends this session. */
    credentialStamp?: string;
  }
}

export const authOptions: NextAuthOptions = {
  get secret() {
    return appConfig().NEXTAUTH_SECRET;
  },
  session: { strategy: "jwt", maxAge: sessionMaxAgeSeconds },
  pages: { signIn: "/sign-in", signOut: "/sign-out", error: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "BlueMarble account",
      credentials: { username: { label: "Username", type: "text" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        try {
          const user = await authorizeCredentials(
            processEngines(),
            { username: credentials?.username ?? "", password: credentials?.password ?? "" },
            clientIpFromHeaders(request?.headers),
          );
          return { id: String(user.playerId), name: user.username, ...user };
        } catch (error) {
          // next-auth hands an Error's message to the client as `error`: our messages are written for people.
          if (error instanceof AppError) throw new Error(error.message);
          console.error("[auth] sign-in failed unexpectedly", error);
          throw new Error("Signing in is not possible right now. Please try again.");
        }
      },
    }),
  ],
  callbacks: {
    // Only the player id, name and credential stamp go into the token; roles and bans are re-read on every request.
    async jwt({ token, user }) {
      if (user) {
        token.playerId = user.playerId;
        token.username = user.username;
        token.credentialStamp = user.credentialStamp;
        token.name = user.username;
      }
      return token;
    },
    async session({ session, token }) {
      session.user = { playerId: token.playerId ?? 0, username: token.username ?? "", name: token.username ?? null };
      return session;
    },
  },
};
