# Sourced by bin/hayloft, scripts/test and .ci/run: finds a JDK >= 25 and exports JAVA_HOME.
# Order: $JAVA_HOME if it is >= 25, then every JDK under /usr/lib/jvm (newest first).
# Written for sh/dash/bash and `set -e`: no probe here may abort the caller.

hayloft_jdk_major() {
  # Prints the major version of the JDK at $1 (from its `release` file), or nothing.
  if [ -f "$1/release" ] && [ -x "$1/bin/java" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" 2>/dev/null || true
  fi
}

hayloft_find_jdk() {
  hayloft_min=25
  if [ -n "${JAVA_HOME:-}" ]; then
    hayloft_v=$(hayloft_jdk_major "$JAVA_HOME")
    if [ -n "$hayloft_v" ] && [ "$hayloft_v" -ge "$hayloft_min" ]; then
      echo "$JAVA_HOME"
      return 0
    fi
  fi
  hayloft_best=""
  hayloft_best_v=0
  for hayloft_d in /usr/lib/jvm/*; do
    [ -d "$hayloft_d" ] || continue
    hayloft_v=$(hayloft_jdk_major "$hayloft_d")
    [ -n "$hayloft_v" ] || continue
    if [ "$hayloft_v" -ge "$hayloft_min" ] && [ "$hayloft_v" -gt "$hayloft_best_v" ]; then
      hayloft_best="$hayloft_d"
      hayloft_best_v="$hayloft_v"
    fi
  done
  if [ -n "$hayloft_best" ]; then
    echo "$hayloft_best"
    return 0
  fi
  return 1
}

if hayloft_jdk=$(hayloft_find_jdk); then
  JAVA_HOME="$hayloft_jdk"
  export JAVA_HOME
  PATH="$JAVA_HOME/bin:$PATH"
  export PATH
else
  echo "hayloft: no JDK >= 25 found (looked at \$JAVA_HOME and /usr/lib/jvm/*)." >&2
  echo "hayloft: install a JDK 25 (e.g. Temurin 25) or point JAVA_HOME at one." >&2
  return 1 2>/dev/null || exit 1
fi
