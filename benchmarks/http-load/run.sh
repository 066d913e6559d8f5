#!/usr/bin/env bash
# HTTP load benchmark: point queries on the --demo data through Streamable HTTP at 1, 16 and 64
# concurrent MCP clients, compared with the same calls in-process (PgMcp.callTool). Not part of the build.
#   benchmarks/http-load/run.sh [seconds-per-level] [levels]      e.g. run.sh 10 1,16,64
set -euo pipefail
cd "$(dirname "$0")/../.."
# One reactor invocation, so sibling modules resolve to their target/ directories (nothing is installed).
mvn -B -q -pl pgmcp-examples -am test-compile dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="pgmcp-examples/target/test-classes:pgmcp-examples/target/classes:$(cat pgmcp-examples/target/bench.classpath)"
exec java -cp "$CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.pgmcp.examples.bench.HttpLoadBenchmark "$@"
