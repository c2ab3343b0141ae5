// The command table of `careslot`: names, usage and summaries for --help, and for each command
// a loader that imports its implementation (in the file named for its subject) only when it
// runs. So `careslot --help` and `careslot sign` never load Fastify or a database driver.
import type { Run } from './context.js';

export interface Command {
  name: string;
  usage: string;
  summary: string;
  load(): Promise<Run>;
}

export const commands: Command[] = [
  {
    name: 'serve',
    usage: 'serve',
    summary: 'Run the HTTP server (migrates; loads the sandbox on an empty database in sandbox mode)',
    load: async () => (await import('./database.js')).serve,
  },
  {
    name: 'migrate',
    usage: 'migrate [--json]',
    summary: 'Apply pending database migrations',
    load: async () => (await import('./database.js')).migrate,
  },
  {
    name: 'seed',
    usage: 'seed [--centres N] [--days N] [--json]',
    summary: 'Load the sandbox dataset into an empty database',
    load: async () => (await import('./database.js')).seed,
  },
  {
    name: 'guest create',
    usage: 'guest create --name N [--json]',
    summary: 'Create a guest account (partner application); prints its user_name once',
    load: async () => (await import('./guest.js')).guestCreate,
  },
  {
    name: 'guest disable',
    usage: 'guest disable USER_NAME [--json]',
    summary: 'Disable a guest account: its logins and tokens stop working at once',
    load: async () => (await import('./guest.js')).guestDisable,
  },
  {
    name: 'guest enable',
    usage: 'guest enable USER_NAME [--json]',
    summary: 'Enable a disabled guest account again',
    load: async () => (await import('./guest.js')).guestEnable,
  },
  {
    name: 'apikey create',
    usage:
      'apikey create --name N [--scope public|protected|vaccinator] [--state STATE_ID] [--guest USER_NAME] [--json]',
    summary:
      'Create an x-api-key for the API Setu v2 APIs (scope protected by default; vaccinator needs --state); prints it once. It acts for a new guest account of the same name, or for --guest',
    load: async () => (await import('./apikey.js')).apiKeyCreate,
  },
  {
    name: 'apikey disable',
    usage: 'apikey disable KEY [--json]',
    summary: 'Disable an x-api-key: it is refused at once',
    load: async () => (await import('./apikey.js')).apiKeyDisable,
  },
  {
    name: 'apikey enable',
    usage: 'apikey enable KEY [--json]',
    summary: 'Enable a disabled x-api-key again',
    load: async () => (await import('./apikey.js')).apiKeyEnable,
  },
  {
    name: 'audit',
    usage:
      'audit [--actor key:ID|operator:ID] [--record REF] [--operation OP] [--from ISO] [--to ISO] [--limit N] [--json]',
    summary: "Query the audit log of reads of people's records (newest first)",
    load: async () => (await import('./audit.js')).audit,
  },
  {
    name: 'certificate verify',
    usage: 'certificate verify FILE.pdf|QR-TEXT [--jwks FILE.json] [--json]',
    summary:
      'Verify a vaccination certificate offline: the QR of a certificate PDF, or its text; keys from --jwks (a saved /.well-known/jwks.json) or the configured database',
    load: async () => (await import('./certificate.js')).certificateVerify,
  },
  {
    name: 'certificate keygen',
    usage: 'certificate keygen [--json]',
    summary: 'Print a new Ed25519 private key (JWK) for CERTIFICATE_SIGNING_KEY',
    load: async () => (await import('./certificate.js')).certificateKeygen,
  },
  {
    name: 'operator create',
    usage: 'operator create --email E --password P [--role admin|facility] [--json]',
    summary: 'Create an operator account (role facility by default: manages only its own centres)',
    load: async () => (await import('./operator.js')).operatorCreate,
  },
  {
    name: 'import facilities',
    usage: 'import facilities FILE.csv [--json]',
    summary: 'Import a facility sheet (centres and sessions), all or nothing, as an admin',
    load: async () => (await import('./import.js')).importFacilities,
  },
  {
    name: 'partner create',
    usage: 'partner create --name N [--prd-id CODE]… [--json]',
    summary: 'Create a partner of the partner APIs; prints its token and secret once',
    load: async () => (await import('./partner.js')).partnerCreate,
  },
  {
    name: 'partner list',
    usage: 'partner list [--json]',
    summary: 'List partners (never their tokens or secrets)',
    load: async () => (await import('./partner.js')).partnerList,
  },
  {
    name: 'partner rotate-secret',
    usage: 'partner rotate-secret ID [--json]',
    summary: 'Issue a new signing secret; the previous one stays valid until retire-old-secrets (or the next rotation)',
    load: async () => (await import('./partner.js')).partnerRotate,
  },
  {
    name: 'partner retire-old-secrets',
    usage: 'partner retire-old-secrets ID [--json]',
    summary: 'Finish a rotation: only the newest secret stays valid',
    load: async () => (await import('./partner.js')).partnerRetire,
  },
  {
    name: 'partner disable',
    usage: 'partner disable ID [--json]',
    summary: 'Disable a partner: its token is refused (1002) at once',
    load: async () => (await import('./partner.js')).partnerDisable,
  },
  {
    name: 'partner enable',
    usage: 'partner enable ID [--json]',
    summary: 'Enable a disabled partner',
    load: async () => (await import('./partner.js')).partnerEnable,
  },
  {
    name: 'partner origins',
    usage: 'partner origins ID [--add ORIGIN]… [--remove ORIGIN]… [--json]',
    summary: "Show, add or remove the origins (https://app.example.com) a booking's return_url and cancel_url may use",
    load: async () => (await import('./partner.js')).partnerOrigins,
  },
  {
    name: 'webhook add',
    usage: 'webhook add --partner ID --url URL [--events TYPE[,TYPE…]]… [--json]',
    summary: "Register a partner's webhook endpoint (all event types unless --events); prints its signing secret once",
    load: async () => (await import('./webhook.js')).webhookAdd,
  },
  {
    name: 'webhook list',
    usage: 'webhook list --partner ID [--json]',
    summary: "List a partner's webhook endpoints (never their secrets)",
    load: async () => (await import('./webhook.js')).webhookList,
  },
  {
    name: 'webhook disable',
    usage: 'webhook disable --partner ID ENDPOINT_ID [--json]',
    summary: 'Disable a webhook endpoint: no new deliveries; pending ones fail at their turn',
    load: async () => (await import('./webhook.js')).webhookDisable,
  },
  {
    name: 'webhook enable',
    usage: 'webhook enable --partner ID ENDPOINT_ID [--json]',
    summary: 'Enable a disabled webhook endpoint again',
    load: async () => (await import('./webhook.js')).webhookEnable,
  },
  {
    name: 'webhook deliveries',
    usage: 'webhook deliveries --partner ID ENDPOINT_ID [--json]',
    summary: "An endpoint's latest 50 deliveries with their attempts",
    load: async () => (await import('./webhook.js')).webhookDeliveries,
  },
  {
    name: 'webhook redeliver',
    usage: 'webhook redeliver --partner ID DELIVERY_ID [--json]',
    summary: 'Deliver an event again: the running server attempts it within seconds',
    load: async () => (await import('./webhook.js')).webhookRedeliver,
  },
  {
    name: 'sign',
    usage: 'sign --method M --path /p[?query] [--body JSON | --body-file F] --secret S [--t UNIX] [--n NONCE] [--json]',
    summary: 'Print the Cmt header for a partner request (see docs/partner-auth.md)',
    load: async () => (await import('./sign.js')).sign,
  },
  {
    name: 'video generate-slots',
    usage: 'video generate-slots [--days N] [--now ISO-TIMESTAMP] [--json]',
    summary:
      "Generate video doctors' slots from working hours and time off (idempotent; booked slots are kept); --now sets the instant to plan from (default: the current time)",
    load: async () => (await import('./video.js')).videoGenerateSlots,
  },
];
