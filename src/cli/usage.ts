export const USAGE = `hookbridge — carry signed webhooks into and out of GitHub Actions

Usage:
  hookbridge relay [--port N] [--host H]
      Serve the relay (configuration from HOOKBRIDGE_* environment variables).
  hookbridge sign --provider P --secret S [--file F] [--id ID] [--timestamp T] [--token-header H]
      Print the header line(s) provider P would send for the body (file or stdin).
  hookbridge verify --provider P --secret S --header "name: value" [--header …] [--file F]
      Exit 0 when the signature is valid, 1 when not (reason on stderr).
  hookbridge send --provider P --secret S --url URL [--file F] [--event E] [--content-type T]
      Sign the body as provider P would and POST it (try a relay without the provider).
  hookbridge deliveries --url URL [--status S] [--provider P] [--event E] [--since T] [--limit N] [--json]
      List the relay's deliveries, newest first (token from HOOKBRIDGE_ADMIN_TOKEN).
  hookbridge redeliver --url URL <id> | --failed
      Queue one delivery, or every failed one (100 per call), for dispatch again.
  hookbridge demo
      Run the whole loop locally: relay, GitHub stand-in, receive and emit actions.

Providers: deepsource, devrev, dejacode, deveo, github, standard.
Secrets may be comma-separated to accept several during rotation.`;
