import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { createCaller } from "@/server/app.router";
import { createRequestContext } from "@/server/request-context";

/** A tRPC caller for server components: the same procedures and checks as the HTTP API, without the hop. */
export const serverCaller = cache(async () => createCaller(await createRequestContext(await headers())));
