// `--example`: an annotated configuration file listing every key with its default, commented out.
// The same file works with PostgREST. docs/configuration.md has the full reference.

export const EXAMPLE_CONFIG = `# restgres configuration (PostgREST v16 format)
#
# Syntax: key = value, one per line. Strings go in double quotes; numbers and
# true/false may be bare. Inside strings, $(NAME) is replaced by the key NAME set
# earlier in this file or else by the environment variable NAME, so write $$ for a
# literal dollar sign. Every key can also come from an environment variable
# PGRST_<KEY> (db-schemas -> PGRST_DB_SCHEMAS), which wins over this file.
#
# Each line below shows a key with its default value, commented out.
# Keys marked [not yet supported] are read and checked but have no effect yet.

## --- Database connection -----------------------------------------------------

## libpq connection URI or key=value string. The default, "postgresql://", uses
## libpq defaults and the PGHOST, PGUSER, PGDATABASE... environment variables.
## "@/path/to/file" reads the value from a file.
# db-uri = "postgresql://"

## Maximum number of connections in the pool.
# db-pool = 10

## Seconds a request waits for a free connection before failing (504).
# db-pool-acquisition-timeout = 10

## Seconds after which connections are recycled, and idle connections are closed.
# db-pool-max-lifetime = 1800
# db-pool-max-idletime = 30

## Reconnect after losing the database; false makes the server exit instead.
# db-pool-automatic-recovery = true

## Prepared statements; turn off behind a transaction-mode connection pooler.
# db-prepared-statements = true

## --- What is exposed ---------------------------------------------------------

## Schemas served over HTTP, comma separated; the first one is the default.
# db-schemas = "public"

## Schemas added to the search_path of every request ("" for none).
# db-extra-search-path = "public"

## Role for requests without a JWT. Unset by default: anonymous requests are refused.
# db-anon-role = "anon"

## Upper bound on the rows one read returns. Unset by default: no limit.
# db-max-rows = 1000

## How request transactions end: commit, commit-allow-override, rollback or
## rollback-allow-override (the -allow-override values obey Prefer: tx=...).
# db-tx-end = "commit"

## Function called in each request after the role is set; it may raise an error
## or set response.headers / response.status. Unset by default.
# db-pre-request = "api.check_request"

## [not yet supported] Function whose JSON result replaces the OpenAPI document at /.
# db-root-spec = "api.root"

## Aggregates (count(), sum()...) in the select parameter.
# db-aggregates-enabled = false

## EXPLAIN plans via Accept: application/vnd.pgrst.plan.
# db-plan-enabled = false

## [not yet supported] Settings of /rpc functions applied to the whole transaction.
# db-hoisted-tx-settings = "statement_timeout,plan_filter.statement_cost_limit,default_transaction_isolation"

## Allow the table name in filters on an aliased embedding.
# url-use-legacy-target-names = true

## --- Reloading and in-database settings --------------------------------------

## Listen for NOTIFY messages that reload the schema cache or the configuration.
# db-channel-enabled = true
# db-channel = "pgrst"

## Read pgrst.* settings from the database (ALTER ROLE ... SET pgrst.db_schemas = ...).
# db-config = true

## Function called before those settings are read; it may set_config('pgrst.x', ...).
## Unset by default.
# db-pre-config = "postgrest.pre_config"

## --- HTTP server -------------------------------------------------------------

## Address to bind: a host name or address, or * (any), *4 / !4 (IPv4 preferred /
## only), *6 / !6 (IPv6 preferred / only).
# server-host = "!4"

## TCP port; 0 picks a free one.
# server-port = 3000

## SO_REUSEPORT, so that a new instance can take over the port without downtime.
# server-reuseport = false

## Serve on a unix socket instead of TCP, with this file mode (600 to 777).
## Unset by default.
# server-unix-socket = "/tmp/restgres.sock"
# server-unix-socket-mode = "660"

## Origins allowed by CORS; unset allows any origin.
# server-cors-allowed-origins = "https://example.com"

## Server-Timing response header.
# server-timing-enabled = false

## A request header echoed in the response. Unset by default.
# server-trace-header = "X-Request-Id"

## --- Admin server (/live, /ready, /metrics, /schema_cache) --------------------

## Off unless a port or a unix socket is given. The host defaults to server-host.
# admin-server-port = 3001
# admin-server-host = "!4"
# admin-server-unix-socket = "/tmp/restgres-admin.sock"
# admin-server-unix-socket-mode = "660"

## --- Authentication (JWT) [not yet supported] ---------------------------------

## Secret of at least 32 characters, or a JWK or JWKS; "@/path" reads a file.
## Unset by default: only anonymous requests are possible.
# jwt-secret = "a-secret-of-at-least-thirty-two-characters"
# jwt-secret-is-base64 = false

## Expected aud claim. Unset by default: any audience is accepted.
# jwt-aud = "https://api.example.com"

## JSON path to the role inside the token ($$ because of interpolation).
# jwt-role-claim-key = "$$.role"

## Number of validated tokens kept in memory; 0 turns the cache off.
# jwt-cache-max-entries = 1000

## --- OpenAPI [not yet supported] -----------------------------------------------

## follow-privileges, ignore-privileges or disabled.
# openapi-mode = "follow-privileges"

## Describe JWT bearer authentication in the document.
# openapi-security-active = false

## Public base URI for the document when behind a proxy. Unset by default.
# openapi-server-proxy-uri = "https://example.com/api"

## --- Logging and errors ------------------------------------------------------

## crit, error, warn, info or debug.
# log-level = "error"

## Log the SQL of each logged request.
# log-query = false

## verbose: error bodies carry code, message, details and hint; minimal: code and message.
# client-error-verbosity = "verbose"

## --- Settings for your SQL -----------------------------------------------------

## Every app.settings.<name> is available as current_setting('app.settings.<name>').
# app.settings.tenant = "acme"
`;
