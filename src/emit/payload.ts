import { type BodyFormat, encodeJsonBody, MEDIA_TYPES } from "../core/body-format.ts";

export interface EncodedBody {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly contentType: string;
}

/** The exact bytes that are signed and sent: JSON, or a form whose `payload` field is the JSON. */
export function encodeBody(payload: unknown, format: BodyFormat): EncodedBody {
  return {
    bytes: encodeJsonBody(JSON.stringify(payload), format),
    contentType: MEDIA_TYPES[format],
  };
}
