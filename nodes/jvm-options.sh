# JVM options of an slm-cluster member, in one place. Sourced by ./slm and by the distribution's bin/slm;
# runtime/cli's MemberJvmOptions holds the same values for members started from Java (NodeProcess).
#
#   source nodes/jvm-options.sh; java $(slm_member_java_opts) -cp ... SlmCli node start ...
#
# Sized for small devices (a Raspberry Pi with 1-2 GB, where the model needs most of the memory):
#   -XX:MaxRAMPercentage=25   heap up to a quarter of the device's memory (container limits respected)
#   -Xms16m                   start small; an idle router needs a few MB of heap
#   -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30   give unused heap back after a burst
#   -XX:+UseSerialGC          no GC threads, smallest footprint; pauses are short on small heaps
#   -Xss512k                  Pekko and Artery threads need little stack
#   -XX:TieredStopAtLevel=1   C1 only: faster start on slow cores, a smaller code cache, one compiler
#   -XX:ReservedCodeCacheSize=48m, -XX:CICompilerCount=1, -XX:MaxDirectMemorySize=64m
#   Pekko's default dispatcher at most one thread per core.
# Anything in SLM_JAVA_OPTS comes last, so it overrides these (HotSpot takes the last value).
slm_member_java_opts() {
  local cores
  cores="$(nproc 2>/dev/null || echo 2)"
  printf '%s ' -XX:MaxRAMPercentage=25 -Xms16m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:+UseSerialGC -Xss512k -XX:TieredStopAtLevel=1 \
    -XX:ReservedCodeCacheSize=48m -XX:CICompilerCount=1 -XX:MaxDirectMemorySize=64m \
    "-Dpekko.actor.default-dispatcher.fork-join-executor.parallelism-max=$cores"
  printf '%s\n' "${SLM_JAVA_OPTS:-}"
}

# Short commands that start no member (score, topology, models list, help): C1 only. Their JVM lives a few
# seconds, and C2 compiling hot loops costs more CPU than the faster code gives back (measured with slm bench
# cli-speed: slm score bleu on 3,004 segments 1.9 -> 1.1 CPU-s, chrF++ on 48,064 12.4 -> 9.9 CPU-s).
# SLM_JAVA_OPTS comes last, so e.g. -XX:TieredStopAtLevel=4 there brings C2 back.
slm_short_command() {
  case "${1:-} ${2:-}" in
    "score "*|"topology "*|"models list"|"help "*|"--help "*|"-h "*|"--version "*|"-V "*|" ") return 0 ;;
  esac
  return 1
}

slm_cli_java_opts() {
  printf '%s ' -XX:TieredStopAtLevel=1
  printf '%s\n' "${SLM_JAVA_OPTS:-}"
}

# Application class-data sharing (CDS) for any slm command: the JVM maps the classes it loaded last time from
# an archive instead of reading, verifying and parsing them from the jars again (start time roughly halves).
# The archive is JDK- and classpath-specific, so it cannot ship with the build: the first run of each command
# (score, topology, node, ...) writes it with -XX:ArchiveClassesAtExit into CACHE_DIR, and later runs use it.
# Its name holds a checksum of the java binary, the JVM library and every classpath entry (path, size, mtime),
# so a new JDK or a rebuilt/changed classpath makes a new archive instead of a stale one. Nothing here can fail
# a command: an unwritable CACHE_DIR means no archive, a failed dump leaves none behind, and a JVM that
# rejects an archive (-Xshare:auto) runs without it. SLM_CDS=off turns it off. JVM log lines go to stderr
# (warnings only) so that archiving never mixes with a command's output.
#
#   slm_cds_prepare CACHE_DIR JAVA COMMAND CLASSPATH_ENTRY...   sets SLM_CDS_OPTS (an array) and SLM_CDS_PENDING
#   ... java "${SLM_CDS_OPTS[@]}" ...; slm_cds_finish             puts a newly dumped archive in place
slm_cds_prepare() {
  local cache_dir="$1" java="$2" command="$3"
  shift 3
  SLM_CDS_OPTS=()
  SLM_CDS_PENDING=""
  [ "${SLM_CDS:-on}" != "off" ] || return 0
  # the user's own sharing options win (and -Xshare:off with a dump option would stop the JVM)
  case " ${SLM_JAVA_OPTS:-} " in *-Xshare:*|*SharedArchiveFile*|*ArchiveClassesAtExit*) return 0 ;; esac
  # a minimal system (only bash and java) runs every command, just without an archive
  command -v mkdir >/dev/null && command -v stat >/dev/null && command -v cksum >/dev/null \
    && command -v cut >/dev/null && command -v tr >/dev/null && command -v mv >/dev/null || return 0
  mkdir -p "$cache_dir" 2>/dev/null && [ -w "$cache_dir" ] || return 0
  local java_real jvm_lib key name
  java_real="$(readlink -f "$java" 2>/dev/null || echo "$java")"
  jvm_lib="$(dirname "$(dirname "$java_real")")/lib/server/libjvm.so"
  # a dynamic archive sits on top of the JDK's own base archive; without one there is nothing to extend
  [ -f "$(dirname "$jvm_lib")/classes.jsa" ] || return 0
  key="$( { printf '%s\n' "$java_real" "$@"; stat -L -c '%n %s %Y' "$java_real" "$jvm_lib" "$@" 2>/dev/null || true; } \
    | cksum | cut -d' ' -f1)" || return 0
  [ -n "$key" ] || return 0
  name="$(printf '%s' "$command" | tr -c 'a-zA-Z0-9_-' '_')" || return 0
  local archive="$cache_dir/slm-${name:-none}-$key.jsa"
  if [ -s "$archive" ]; then
    SLM_CDS_OPTS=(-Xshare:auto "-XX:SharedArchiveFile=$archive" -Xlog:disable -Xlog:all=warning:stderr -Xlog:cds=off:stderr -Xlog:cds+dynamic=off:stderr)
  else
    # older archives of this command (another JDK or classpath) are replaced, not kept forever
    rm -f "$cache_dir/slm-${name:-none}-"*.jsa 2>/dev/null || true
    SLM_CDS_PENDING="$archive.$$.tmp"
    SLM_CDS_OPTS=("-XX:ArchiveClassesAtExit=$SLM_CDS_PENDING" -Xlog:disable -Xlog:all=warning:stderr -Xlog:cds=off:stderr -Xlog:cds+dynamic=off:stderr)
  fi
}

slm_cds_finish() {
  [ -n "${SLM_CDS_PENDING:-}" ] || return 0
  if [ -s "$SLM_CDS_PENDING" ]; then
    mv -f "$SLM_CDS_PENDING" "${SLM_CDS_PENDING%.*.tmp}" 2>/dev/null || rm -f "$SLM_CDS_PENDING"
  else
    rm -f "$SLM_CDS_PENDING" 2>/dev/null || true
  fi
  SLM_CDS_PENDING=""
}
