import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and Node-only drivers stay out of the bundle and load from node_modules at run time.
  serverExternalPackages: ["cassandra-driver", "@node-rs/argon2", "pg", "pg-copy-streams", "ioredis", "@elastic/elasticsearch"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
