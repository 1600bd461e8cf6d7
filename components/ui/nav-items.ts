export interface NavItem {
  href: string;
  label: string;
}

export const playerNav: NavItem[] = [
  { href: "/profile", label: "Profile" },
  { href: "/characters", label: "Characters" },
  { href: "/friends", label: "Friends" },
  { href: "/market", label: "Market" },
  { href: "/guilds", label: "Guilds" },
  { href: "/leaderboards", label: "Leaderboards" },
];

export const staffNav: NavItem[] = [{ href: "/staff", label: "Staff" }];
