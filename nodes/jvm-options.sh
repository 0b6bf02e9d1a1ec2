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
