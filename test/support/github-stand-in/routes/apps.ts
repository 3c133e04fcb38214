import { randomBytes } from "node:crypto";
import { type Handler, json, notFound } from "../replies.ts";
import * as shapes from "../shapes.ts";

export const createInstallationAccessToken: Handler = (context) => {
  const installationId = context.params.installation_id as number;
  if (!context.state.installationExists(installationId)) return notFound(context.docsUrl);
  const token = `ghs_${randomBytes(27).toString("base64url").replace(/[-_]/g, "A").slice(0, 36)}`;
  const lifetime = context.state.tokenLifetimeMs;
  const expiresAtMs = context.state.nowMs() + lifetime;
  const expires_at = context.state.timestamp(lifetime);
  const requested = (context.body ?? {}) as {
    permissions?: Record<string, string>;
    repositories?: string[];
  };
  const names = requested.repositories?.map((name) => name.toLowerCase());
  // The token reaches the installation's repositories, or only the ones it was asked for.
  context.acceptToken(token, expiresAtMs, (fullName) => {
    const name = fullName.split("/")[1]?.toLowerCase() ?? "";
    return (
      context.state.installationCovers(installationId, fullName) &&
      (names === undefined || names.includes(name))
    );
  });
  const jwt = context.jwt ?? { raw: context.credential, header: {}, payload: {} };
  context.state.installationTokens.push({
    installation_id: installationId,
    token,
    expires_at,
    jwt,
    body: context.body,
  });
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

export const getRepoInstallation: Handler = (context) => {
  const installationId = context.state.installationOn(context.repo());
  return installationId === undefined
    ? notFound(context.docsUrl)
    : json(200, shapes.installation(context.urls, context.repo(), installationId));
};
