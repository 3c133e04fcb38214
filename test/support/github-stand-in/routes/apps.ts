import { randomBytes } from "node:crypto";
import { type Handler, json } from "../replies.ts";
import * as shapes from "../shapes.ts";

const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

export const createInstallationAccessToken: Handler = (context) => {
  const installationId = context.params.installation_id as number;
  const token = `ghs_${randomBytes(27).toString("base64url").replace(/[-_]/g, "A").slice(0, 36)}`;
  const expiresAtMs = context.state.nowMs() + TOKEN_LIFETIME_MS;
  const expires_at = context.state.timestamp(TOKEN_LIFETIME_MS);
  context.acceptToken(token, expiresAtMs);
  const jwt = context.jwt ?? { raw: context.credential, header: {}, payload: {} };
  context.state.installationTokens.push({
    installation_id: installationId,
    token,
    expires_at,
    jwt,
    body: context.body,
  });
  const requested = (context.body ?? {}) as {
    permissions?: Record<string, string>;
    repositories?: string[];
  };
  return json(201, {
    token,
    expires_at,
    permissions: requested.permissions ?? {
      checks: "write",
      contents: "write",
      issues: "write",
      metadata: "read",
    },
    repository_selection: requested.repositories ? "selected" : "all",
  });
};

export const getRepoInstallation: Handler = (context) =>
  json(
    200,
    shapes.installation(context.urls, context.repo(), 50_000_000 + (context.repo().id % 1_000_000)),
  );
