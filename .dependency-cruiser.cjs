/**
 * The layer rules of docs/architecture.md, checked on every `npm run lint`.
 * A file's role is its suffix: *.router.ts, *.schema.ts, *.service.ts, *.rules.ts, *.job.ts, and the repositories
 * *.pg.ts, *.redis.ts, *.cql.ts, *.es.ts (named after the engine they talk to).
 */
const router = "^server/.+\\.router\\.ts$";
const service = "^server/.+\\.service\\.ts$";
const rules = "(^server/.+\\.rules\\.ts$|^lib/)";
const job = "^server/.+\\.job\\.ts$";
const repository = "^server/.+\\.(pg|redis|cql|es)\\.ts$";
const clients = "^server/clients/";
const db = "^server/db/";
const requestLayer = "^server/(trpc|context|request-context|caller)\\.ts$";
const framework = "^node_modules/(@trpc|next|next-auth|react|react-dom)/";
const valueImport = { dependencyTypesNot: ["type-only"] };

module.exports = {
  forbidden: [
    {
      name: "router-calls-services",
      comment: "A router picks its tier, validates input and calls a service; it never reaches the engines itself.",
      severity: "error",
      from: { path: router },
      to: { path: [repository, clients, db].join("|") },
    },
    {
      name: "service-without-framework",
      comment: "Services, rules, repositories and jobs are framework-free: no tRPC, Next.js or React, no request context.",
      severity: "error",
      from: { path: [service, rules, repository, db, job].join("|") },
      to: { path: [framework, requestLayer, router].join("|"), ...valueImport },
    },
    {
      name: "service-receives-engines",
      comment: "Services and repositories get their clients through Engines; only jobs, routes and scripts take the process's own.",
      severity: "error",
      from: { path: [service, repository, rules, db].join("|") },
      to: { path: "^server/engines\\.ts$", ...valueImport },
    },
    {
      name: "repository-stands-alone",
      comment: "A repository talks to its engine; composing repositories is a service's job.",
      severity: "error",
      from: { path: repository },
      to: { path: [repository, service, job].join("|"), ...valueImport },
    },
    {
      name: "rules-are-pure",
      comment: "*.rules.ts and lib/ hold logic without I/O, so unit tests and the browser can use them.",
      severity: "error",
      from: { path: rules },
      to: { path: [repository, service, job, clients, db, requestLayer, "^node_modules/server-only/"].join("|"), ...valueImport },
    },
    {
      name: "browser-sees-contract-only",
      comment: "Components use the API's types (RouterOutputs), the shared zod schemas, pure rules and lib/, nothing else of the server.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^server/", pathNot: "(\\.schema\\.ts$|\\.rules\\.ts$|^server/session\\.ts$|^server/app\\.router\\.ts$)" },
    },
    {
      name: "browser-router-types-only",
      comment: "The root router reaches the browser as a type (AppRouter), never as code.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^server/app\\.router\\.ts$", ...valueImport },
    },
    {
      name: "no-generated-prisma-outside-repositories",
      comment: "The generated Prisma client is used by repositories (and the client module that builds it).",
      severity: "error",
      from: { pathNot: [repository, clients, db, "^server/generated/", "^scripts/", "^tests/"].join("|") },
      to: { path: "^server/generated/", ...valueImport },
    },
  ],
  required: [
    {
      name: "server-modules-are-server-only",
      comment: "Routers, services, repositories, jobs, db helpers and clients import 'server-only' so a browser bundle fails loudly.",
      severity: "error",
      module: { path: [router, service, repository, job, db, clients].join("|") },
      to: { path: "(^node_modules/server-only/|^tests/helpers/server-only-stub\\.ts$)" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(server/generated|\\.next|engines|\\.data)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
