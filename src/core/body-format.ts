import { utf8 } from "./bytes.ts";

/**
 * The two ways a webhook body travels: JSON, or a form whose `payload` field is the JSON. The
 * relay, the receive action, `hookbridge send` and the emit action all read and write them here.
 */
export const BODY_FORMATS = ["json", "form"] as const;
export type BodyFormat = (typeof BODY_FORMATS)[number];

export const MEDIA_TYPES: Readonly<Record<BodyFormat, string>> = {
  json: "application/json",
  form: "application/x-www-form-urlencoded",
};

/** Maps a Content-Type header to a body format; `undefined` means unsupported. */
export function bodyFormat(contentType: string | null | undefined): BodyFormat | undefined {
  const type = (contentType ?? MEDIA_TYPES.json).split(";")[0]?.trim().toLowerCase() ?? "";
  if (
    type === MEDIA_TYPES.json ||
    type === "text/json" ||
    /^application\/[\w.+-]+\+json$/.test(type)
  )
    return "json";
  if (type === MEDIA_TYPES.form) return "form";
  return undefined;
}

/** The exact bytes that are signed and sent for a JSON text in `format`. */
export function encodeJsonBody(json: string, format: BodyFormat): Uint8Array<ArrayBuffer> {
  return utf8(format === "form" ? new URLSearchParams({ payload: json }).toString() : json);
}
