# Used by bench/run-deadlocks --profile.
# Reads `jfr print --stack-depth N --events jdk.ExecutionSample` and prints, per method (class.method, no line):
# self = samples where it is the top frame, total = samples where it is on the stack. Only the "main" thread.
/^jdk.ExecutionSample/ { inev=1; main=0; depth=0; delete seen; next }
inev && /sampledThread = "main"/ { main=1 }
inev && /stackTrace = \[/ { instack=1; next }
inev && instack && /^[ \t]*\]/ { instack=0; if (main) n++; next }
inev && instack && main {
  line=$0; sub(/^[ \t]+/, "", line); sub(/\(.*$/, "", line)
  if (line == "...") next
  if (depth == 0) self[line]++
  if (!(line in seen)) { total[line]++; seen[line]=1 }
  depth++
}
END {
  printf "samples (main thread): %d\n", n
  for (m in total) printf "%6.1f%% %6.1f%%  %s\n", 100*self[m]/n, 100*total[m]/n, m | "sort -k1,1 -rn | head -25"
  close("sort -k1,1 -rn | head -25")
  print "--- by total (inclusive)"
  for (m in total) printf "%6.1f%% %6.1f%%  %s\n", 100*self[m]/n, 100*total[m]/n, m | "sort -k2,2 -rn | head -40"
}
