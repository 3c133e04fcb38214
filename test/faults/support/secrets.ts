/** The secrets and tokens the fault suite configures; none may ever appear in a log or an answer. */
export const SECRETS = {
  deepsource: "faults-deepsource-secret-0123456789",
  devrev: "faults-devrev-secret-value",
  dejacode: "faults-dejacode-token-0123456789",
  deveo: "faults-deveo-secret-value",
  github: "faults-github-secret-value",
  standard: "whsec_ZmF1bHRzLXN0YW5kYXJkLWtleS0wMTIzNDU2Nzg5",
} as const;

export type Provider = keyof typeof SECRETS;
export const PROVIDERS = Object.keys(SECRETS) as Provider[];

export const GITHUB_TOKEN = "ghp_FaultSuiteToken0123456789abcdefghijkl";
export const REPOSITORY = "octo-org/faults";
export const TOKEN_HEADER = "x-hookbridge-token";

/** Every value a leak scan looks for, including the base64 key inside the Standard Webhooks secret. */
export const CONFIDENTIAL: readonly string[] = [
  ...Object.values(SECRETS),
  SECRETS.standard.slice("whsec_".length),
  GITHUB_TOKEN,
];

/** The relay's environment: every provider configured, so no route answers 500 for want of one. */
export function relayEnv(
  apiUrl: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  const env: Record<string, string> = {
    HOOKBRIDGE_REPOSITORY: REPOSITORY,
    HOOKBRIDGE_GITHUB_TOKEN: GITHUB_TOKEN,
    HOOKBRIDGE_GITHUB_API_URL: apiUrl,
    // These suites judge sync answers; the queue's own suites give it a temporary data directory.
    HOOKBRIDGE_DELIVERY: "sync",
    ...extra,
  };
  for (const provider of PROVIDERS) {
    env[`HOOKBRIDGE_SECRET_${provider.toUpperCase()}`] = SECRETS[provider];
  }
  return env;
}
