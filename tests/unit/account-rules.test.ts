import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { activeBan, formatBanDate } from "@/server/account/auth.service";
import { emailPattern, registerInput, usernamePattern } from "@/server/account/account.schema";
import { updateProfileInput } from "@/server/profile/profile.schema";
import { safeCallback } from "@/components/account/safe-callback";

describe("activeBan", () => {
  const now = new Date("2030-01-01T00:00:00Z");
  it("is null when not banned or when the ban has expired", () => {
    expect(activeBan({ isBanned: false, banReason: "x", banExpiresAt: null }, now)).toBeNull();
    expect(activeBan({ isBanned: true, banReason: "x", banExpiresAt: new Date("2029-12-31T23:59:59Z") }, now)).toBeNull();
    expect(activeBan({ isBanned: true, banReason: "x", banExpiresAt: now }, now)).toBeNull();
  });
  it("says the reason and until when, or permanently", () => {
    expect(activeBan({ isBanned: true, banReason: "cheating", banExpiresAt: new Date("2030-02-03T04:05:06Z") }, now)?.message).toBe(
      "Your account is banned: cheating until 2030-02-03 04:05 UTC.",
    );
    expect(activeBan({ isBanned: true, banReason: null, banExpiresAt: null }, now)?.message).toBe("Your account is banned: no reason was recorded permanently.");
  });
  it("formats dates in UTC", () => {
    expect(formatBanDate(new Date("2031-12-31T23:30:00+02:00"))).toBe("2031-12-31 21:30 UTC");
  });
});

describe("registration schema mirrors the seed's CHECKs", () => {
  // The seed's PostgreSQL regexes, as JavaScript: zod must accept exactly what the database accepts.
  const seedUsername = /^[a-zA-Z0-9_-]{3,50}$/;
  const seedEmail = /^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/;
  it("uses the same patterns", () => {
    expect(usernamePattern.source).toBe(seedUsername.source);
    expect(emailPattern.source).toBe(seedEmail.source);
  });
  it("accepts a username exactly when the CHECK would", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 60 }), (username) => {
        const parsed = registerInput.safeParse({ username, email: "a@example.test", password: "long-enough-secret" });
        const usernameOk = !parsed.success ? !parsed.error.issues.some((i) => i.path[0] === "username") : true;
        expect(usernameOk).toBe(seedUsername.test(username.trim()));
      }),
    );
  });
  it("refuses a password equal to the username", () => {
    expect(registerInput.safeParse({ username: "Player_One1", email: "a@example.test", password: "player_one1" }).success).toBe(false);
  });
});

describe("profile schema", () => {
  const base = { displayName: "", bio: "", avatarUrl: "", preferredLanguage: "en", timezone: "", privacy: { showOnline: true, allowFriendRequests: true, showAchievements: true } };
  it("allows only http(s) avatar URLs", () => {
    expect(updateProfileInput.safeParse({ ...base, avatarUrl: "https://x.test/a.png" }).success).toBe(true);
    for (const url of ["javascript:alert(1)", "data:image/png;base64,AA", "file:///etc/passwd", "//x.test/a.png"]) {
      expect(updateProfileInput.safeParse({ ...base, avatarUrl: url }).success).toBe(false);
    }
  });
  it("validates time zones against Intl", () => {
    expect(updateProfileInput.safeParse({ ...base, timezone: "America/Sao_Paulo" }).success).toBe(true);
    expect(updateProfileInput.safeParse({ ...base, timezone: "Europe/Atlantis" }).success).toBe(false);
  });
});

describe("safeCallback", () => {
  it("follows only same-site paths", () => {
    expect(safeCallback("/friends")).toBe("/friends");
    for (const bad of ["https://evil.test", "//evil.test", "/\\evil.test", "", null, undefined]) expect(safeCallback(bad)).toBe("/profile");
  });
});
