# Sourced by the multi-process benchmarks (bench-cluster.sh, bench-heal.sh, bench-scrub.sh), from
# the repository root: the JDK, the built CLI, `hayloft` to run a command, `start_role LOG ARGS...`
# to start a role in the background, and a data directory /tmp/<name>.XXXXXX ($data) that is
# removed, with every started process stopped by its PID, when the script exits.
#   usage: . scripts/bench-roles.sh NAME
#   HAYLOFT_TARGET: build directory of hayloft-cli to run from (default target, as bin/hayloft; build it
#   with ./mvnw -q -DskipTests package -pl hayloft-cli -am).
. scripts/java-env.sh
target=${HAYLOFT_TARGET:-target}
[ -f "hayloft-cli/$target/hayloft-cli.jar" ] || { echo "build first: no hayloft-cli/$target/hayloft-cli.jar" >&2; exit 1; }
cp="hayloft-cli/$target/hayloft-cli.jar:hayloft-cli/$target/lib/*"
java_opts=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseCompactObjectHeaders)
hayloft() { "$JAVA_HOME/bin/java" "${java_opts[@]}" -cp "$cp" io.hayloft.cli.Main "$@"; }
# Starts a role in the background; exec makes $! the JVM's own PID, so cleanup stops the JVM itself.
start_role() { local log=$1; shift; (exec "$JAVA_HOME/bin/java" "${java_opts[@]}" -cp "$cp" io.hayloft.cli.Main "$@" > "$log" 2>&1) & pids+=($!); }

data=$(mktemp -d "/tmp/$1.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$data"
}
trap cleanup EXIT
