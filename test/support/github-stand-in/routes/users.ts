import { type Handler, json } from "../replies.ts";
import * as shapes from "../shapes.ts";

/**
 * GET /user: a personal token's user; an installation token (GITHUB_TOKEN, a GitHub App's) is
 * refused with 403, as GitHub does, because it belongs to no user.
 */
export const getAuthenticated: Handler = (context) => {
  const who = context.state.tokenUser;
  if (!who) {
    return json(403, {
      message: "Resource not accessible by integration",
      documentation_url: "https://docs.github.com/rest/users/users#get-the-authenticated-user",
      status: "403",
    });
  }
  return json(200, shapes.authenticatedUser(context.urls, who));
};
