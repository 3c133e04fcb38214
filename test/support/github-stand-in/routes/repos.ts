import { type Handler, json } from "../replies.ts";
import * as shapes from "../shapes.ts";

export const getRepo: Handler = (context) =>
  json(200, shapes.repository(context.urls, context.repo()));
