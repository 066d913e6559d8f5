#!/usr/bin/env bash
# Runs the team's shared MCP benchmark harness (../shared/bench, see its README) against pgmcp's
# stdio and HTTP launchers, the two peer servers and the raw node-postgres floor, interleaved over
# rounds, then writes the median table with ratios against the floor.
#
#   benchmarks/peers/run.sh                 # 3 rounds of every system, then extras and the summary
#   ROUNDS=1 SYSTEMS="pg pgmcp-stdio" benchmarks/peers/run.sh
#
# Env knobs (defaults in brackets):
#   BENCH_SRC [../shared/bench]   the harness; it is copied to WORK (the shared copy is read-only)
#   WORK [benchmarks/peers/work]  scratch: harness copy, node_modules, PostgreSQL cluster, results
#   PG_URL                        libpq URL of a superuser on an existing server that has (or may
#                                 get) the bench databases; unset = start a throwaway PostgreSQL
#                                 cluster from the local binaries (PG_BIN, else pg_config --bindir,
#                                 else /usr/lib/postgresql/*/bin) on PG_PORT [55432]
#   ROUNDS [3] START [1] N [2000] DURATION [20] CONC [16] HTTP_PORT [18080] PGMCP_HTTP_PORT [18081]
#   SYSTEMS ["pg ref dbhub-stdio dbhub-http pgmcp-stdio pgmcp-http"]
#   EXTRAS [1]                    also run the schema (2,000-table database), start-up floor and
#                                 first-calls (first-calls.mjs: a session's calls 300 ms apart) extras
#   PGMCP_CMD [bin/pgmcp-server]  how pgmcp is started (the launcher script with its JVM flags)
#
# pgmcp connects as a read-only login role (pgmcp_bench_reader), as a deployment should, with the
# row cap raised to 10,000 rows and the per-client rate limit off; everything else is the default.
# Progress goes to stderr; results to WORK/results (round<R>-<system>.json, summary.md).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH_SRC=${BENCH_SRC:-$ROOT/../shared/bench}
WORK=${WORK:-$ROOT/benchmarks/peers/work}
START=${START:-1}; ROUNDS=${ROUNDS:-3}; N=${N:-2000}; DURATION=${DURATION:-20}; CONC=${CONC:-16}
HTTP_PORT=${HTTP_PORT:-18080}; PGMCP_HTTP_PORT=${PGMCP_HTTP_PORT:-18081}; PG_PORT=${PG_PORT:-55432}
SYSTEMS=(${SYSTEMS:-pg ref dbhub-stdio dbhub-http pgmcp-stdio pgmcp-http})
EXTRAS=${EXTRAS:-1}
PGMCP_CMD=${PGMCP_CMD:-$ROOT/bin/pgmcp-server}
log() { echo "$(date +%T) $*" >&2; }

# --- the harness (copied: the shared folder is read-only; node_modules are installed once)
[ -f "$BENCH_SRC/harness.mjs" ] || { echo "no benchmark harness at $BENCH_SRC: this script is optional tooling that needs the team's external MCP harness (set BENCH_SRC to it); the build and tests do not" >&2; exit 2; }
mkdir -p "$WORK/harness/results"
for f in harness.mjs summarize.mjs package.json package-lock.json data.sql wide.sql load-data.sh floor; do
  cp -r "$BENCH_SRC/$f" "$WORK/harness/"
done
chmod -R u+w "$WORK/harness"
if [ ! -d "$WORK/harness/node_modules/@bytebase/dbhub" ]; then
  log "npm ci (harness, peers)"; (cd "$WORK/harness" && npm ci --no-audit --no-fund --silent >&2)
fi

# --- PostgreSQL
if [ -z "${PG_URL:-}" ]; then
  BIN=${PG_BIN:-$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
  [ -x "$BIN/initdb" ] || { echo "no PostgreSQL binaries found: set PG_BIN or PG_URL" >&2; exit 2; }
  DATA=$WORK/pgdata; AS=()
  [ "$(id -u)" = 0 ] && AS=(runuser -u postgres --)   # PostgreSQL refuses to run as root
  if [ ! -f "$DATA/PG_VERSION" ]; then
    log "initdb $DATA"; mkdir -p "$DATA"; [ ${#AS[@]} -eq 0 ] || chown postgres "$DATA" "$WORK"
    echo postgres > "$WORK/pwfile"; chmod 644 "$WORK/pwfile"
    "${AS[@]}" "$BIN/initdb" -D "$DATA" -U postgres --pwfile="$WORK/pwfile" -A scram-sha-256 >/dev/null
  fi
  if ! "${AS[@]}" "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    log "start PostgreSQL on port $PG_PORT"
    "${AS[@]}" "$BIN/pg_ctl" -D "$DATA" -w -l "$DATA/server.log" \
      -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c shared_buffers=256MB -c max_connections=200" start >/dev/null
  fi
  PG_URL=postgres://postgres:postgres@127.0.0.1:$PG_PORT
fi
PG_URL=${PG_URL%/}
export PGPASSWORD=${PG_URL#*://*:}; PGPASSWORD=${PGPASSWORD%%@*}
HOSTPORT=${PG_URL##*@}; PGHOST=${HOSTPORT%%:*}; PGPORT=${HOSTPORT##*:}; PGUSER=${PG_URL#*://}; PGUSER=${PGUSER%%:*}
export PGHOST PGPORT PGUSER
if ! psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'bench_wide'" | grep -q 1 \
   || ! psql -d bench -tAc "SELECT count(*) FROM support_tickets" 2>/dev/null | grep -q '^1000000$'; then
  log "load the bench datasets (about 30 s)"; (cd "$WORK/harness" && ./load-data.sh >&2)
fi
psql -d postgres -qAt >/dev/null <<'SQL'
DO $$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pgmcp_bench_reader') THEN
    CREATE ROLE pgmcp_bench_reader LOGIN PASSWORD 'reader';
  END IF;
END$$;
ALTER ROLE pgmcp_bench_reader SET default_transaction_read_only = on;
SQL
for db in bench bench_wide; do
  psql -d "$db" -qAt -c "GRANT CONNECT ON DATABASE $db TO pgmcp_bench_reader; GRANT USAGE ON SCHEMA public TO pgmcp_bench_reader; GRANT SELECT ON ALL TABLES IN SCHEMA public TO pgmcp_bench_reader" >/dev/null
done
DB_URL=$PG_URL/bench; WIDE_URL=$PG_URL/bench_wide
JDBC="jdbc:postgresql://$PGHOST:$PGPORT/bench?user=pgmcp_bench_reader&password=reader"
JDBC_WIDE="jdbc:postgresql://$PGHOST:$PGPORT/bench_wide?user=pgmcp_bench_reader&password=reader"

# --- pgmcp
JAR=$ROOT/pgmcp-examples/target/pgmcp-server.jar
if [ ! -f "$JAR" ]; then log "build pgmcp"; (cd "$ROOT" && mvn -B -q package -DskipTests >&2); fi
PGMCP_ENV='{"PGMCP_MAX_ROWS":"10000","PGMCP_MAX_RESULT_BYTES":"67108864","PGMCP_RATE_LIMIT_PER_MINUTE":"0","PGMCP_RATE_LIMIT_PER_HOUR":"0"}'

cd "$WORK/harness"
# The stdio servers' commands, shared by the harness rounds and the first-calls extra.
REF_CMD="node node_modules/@modelcontextprotocol/server-postgres/dist/index.js $DB_URL"
DBHUB_STDIO_CMD="node node_modules/@bytebase/dbhub/dist/index.js --transport stdio --dsn $DB_URL?sslmode=disable"
PGMCP_STDIO_CMD="$PGMCP_CMD --url $JDBC"
COMMON=(--scenario all --n "$N" --concurrency "$CONC" --duration "$DURATION" --quiet)
run_system() { # $1 system, $2 round
  local out="results/round$2-$1.json"
  case "$1" in
    pg) node harness.mjs --baseline pg --dsn "$DB_URL" --label pg "${COMMON[@]}" --out "$out" ;;
    ref) node harness.mjs --transport stdio --label ref-server-postgres \
           --cmd "$REF_CMD" \
           --tool query --arg sql "${COMMON[@]}" --out "$out" ;;
    dbhub-stdio) node harness.mjs --transport stdio --label dbhub-stdio \
           --cmd "$DBHUB_STDIO_CMD" \
           --tool execute_sql --arg sql "${COMMON[@]}" --out "$out" ;;
    dbhub-http) node harness.mjs --transport http --label dbhub-http --url "http://127.0.0.1:$HTTP_PORT/mcp" \
           --cmd "node node_modules/@bytebase/dbhub/dist/index.js --transport http --host 127.0.0.1 --port $HTTP_PORT --dsn $DB_URL?sslmode=disable" \
           --tool execute_sql --arg sql "${COMMON[@]}" --out "$out" ;;
    pgmcp-stdio) node harness.mjs --transport stdio --label pgmcp-stdio --env "$PGMCP_ENV" \
           --cmd "$PGMCP_STDIO_CMD" --tool execute_query --arg sql "${COMMON[@]}" --out "$out" ;;
    pgmcp-http) node harness.mjs --transport http --label pgmcp-http --env "$PGMCP_ENV" \
           --url "http://127.0.0.1:$PGMCP_HTTP_PORT/mcp" \
           --cmd "$PGMCP_CMD --transport http --port $PGMCP_HTTP_PORT --url $JDBC" \
           --tool execute_query --arg sql "${COMMON[@]}" --out "$out" ;;
    *) echo "unknown system $1" >&2; return 2 ;;
  esac
}

n=${#SYSTEMS[@]}
for ((r = START; r < START + ROUNDS; r++)); do
  for ((i = 0; i < n; i++)); do
    s=${SYSTEMS[$(((i + r - 1) % n))]}
    log "round $r: $s (load $(cut -d' ' -f1-3 /proc/loadavg))"
    run_system "$s" "$r" || log "  -> $s exited $?"
  done
done

if [ "$EXTRAS" = 1 ]; then
  # Schema discovery on the 2,000-table database: pgmcp's own listing tools, paged, with summaries.
  log "extras: schema discovery on bench_wide"
  SCHEMA_CALLS='[{"label":"list_tables-1000-summaries","tool":"list_tables","args":{"schema":"public","limit":1000}},
   {"label":"list_tables-all-pages","tool":"list_tables","args":{"schema":"public","limit":1000,"offset":1000}},
   {"label":"search_tables","tool":"search_tables","args":{"search_term":"wide_1"}},
   {"label":"describe_table","tool":"describe_table","args":{"table_name":"wide_1000"}}]'
  node harness.mjs --quiet --transport stdio --label pgmcp-stdio --env "$PGMCP_ENV" --cmd "$PGMCP_CMD --url $JDBC_WIDE" \
    --tool execute_query --arg sql --scenario cold,schema --cold-reps 3 --schema-n 5 \
    --sql-point "SELECT * FROM wide_0001 WHERE id = {k}" --schema-calls "$SCHEMA_CALLS" --out results/extra-schema-pgmcp.json
  node harness.mjs --quiet --transport stdio --label pgmcp-stdio --env "$PGMCP_ENV" --cmd "$PGMCP_STDIO_CMD" \
    --tool execute_query --arg sql --scenario probe --out results/extra-probe-pgmcp.json
  log "extras: start-up floors (JVM, JVM + pgJDBC)"
  PGJDBC=$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | sort -V | tail -1)
  mkdir -p floor/classes && javac -d floor/classes floor/JdbcFloor.java floor/Hello.java
  node harness.mjs --quiet --baseline spawn --cmd "java -cp floor/classes Hello" --cold-reps 7 \
    --label floor-jvm-hello --out results/extra-floor-jvm-hello.json
  node harness.mjs --quiet --baseline spawn --cmd "java -cp floor/classes:$PGJDBC JdbcFloor jdbc:postgresql://$PGHOST:$PGPORT/bench?user=$PGUSER&password=$PGPASSWORD" \
    --cold-reps 7 --label floor-jvm-jdbc --out results/extra-floor-jvm-jdbc.json
  # A session's first calls at an assistant's pace (first-calls.mjs): the stdio servers, interleaved;
  # the first call right after the tool list, then (the "idle" files) after 3 s of the user typing.
  log "extras: a session's first calls, 300 ms apart"
  for idle in 0 3000; do
    tag=; [ "$idle" = 0 ] || tag=idle-
    for r in 1 2 3; do
      node "$ROOT/benchmarks/peers/first-calls.mjs" --label pgmcp-stdio --env "$PGMCP_ENV" --cmd "$PGMCP_STDIO_CMD" \
        --tool execute_query --sessions 1 --idle "$idle" --out "results/extra-first-calls-${tag}pgmcp-$r.json" >&2
      node "$ROOT/benchmarks/peers/first-calls.mjs" --label ref-server-postgres --cmd "$REF_CMD" --tool query \
        --sessions 1 --idle "$idle" --out "results/extra-first-calls-${tag}ref-$r.json" >&2
      node "$ROOT/benchmarks/peers/first-calls.mjs" --label dbhub-stdio --cmd "$DBHUB_STDIO_CMD" --tool execute_sql \
        --sessions 1 --idle "$idle" --out "results/extra-first-calls-${tag}dbhub-$r.json" >&2
    done
  done
fi

node summarize.mjs results/round*-*.json --md results/summary.md >/dev/null
log "done: $WORK/harness/results/summary.md"
cat results/summary.md
