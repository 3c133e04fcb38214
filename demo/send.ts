import { utf8 } from "../src/core/bytes.ts";
import { type ProviderName, signatureScheme } from "../src/core/providers.ts";

/** POSTs a body signed exactly as the provider would sign it. */
export async function signedPost(
  url: string,
  provider: ProviderName,
  secret: string,
  body: string,
): Promise<{ status: number; text: string }> {
  const bytes = utf8(body);
  const headers = await signatureScheme(provider).sign(bytes, secret);
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: bytes,
  });
  return { status: response.status, text: (await response.text()).trim() };
}
