#!/usr/bin/env bash
# CI: dcpsim's cluster examples on a real one-node Slurm cluster (Debian's slurmctld, slurmd
# and munge, started here as root with their own config, socket and ports, and stopped by PID).
#
#  1. examples/slurm/submit.sh submits examples/slurm/sweep.sbatch as a 3-task array over
#     tests/fixtures/cluster.sweep.yaml, and its merge with afterany.
#  2. Task 1 is cancelled while it runs (scancel: SIGTERM): its log says it stopped cleanly.
#     The merge still runs (afterany) and names shard 1 as the one to rerun.
#  3. Task 1 is requeued (scontrol requeue); it resumes; the merge runs again.
#  4. The merged summary.csv and points.csv equal one machine's byte for byte; so do those of
#     3 simulated Kubernetes pods (JOB_COMPLETION_INDEX) and AWS Batch children
#     (AWS_BATCH_JOB_ARRAY_INDEX, AWS_BATCH_JOB_ARRAY_SIZE).
#
# Needs root and the Debian packages slurmctld slurmd slurm-client munge (.ci/run installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SWEEP=tests/fixtures/cluster.sweep.yaml
WORK=$(mktemp -d /tmp/dcpsim-slurm.XXXXXX)
chmod 755 "$WORK"
PIDS=()
JOBS=()

say() { echo "slurm-test: $*"; }
fail() {
  echo "slurm-test: FAILED: $*" >&2
  for f in "$WORK"/*.log "$ROOT"/logs/dcpsim-*.out; do [ -f "$f" ] && { echo "--- $f" >&2; tail -n 30 "$f" >&2; }; done
  exit 1
}

teardown() {
  local code=$?
  set +e
  for j in "${JOBS[@]}"; do scancel "$j" 2>/dev/null; done
  # Let the cancelled jobs' steps end before slurmd goes (proctrack/linuxproc does not reap them for us).
  for _ in $(seq 1 20); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.5; done
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill "${PIDS[i]}" 2>/dev/null; done
  for p in "${PIDS[@]}"; do
    for _ in $(seq 1 20); do kill -0 "$p" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$p" 2>/dev/null
  done
  rm -rf "$WORK"
  exit "$code"
}
trap teardown EXIT

# Poll `cmd` until it succeeds, for at most `secs` seconds.
wait_for() {
  local secs=$1 what=$2
  shift 2
  for _ in $(seq 1 $((secs * 4))); do "$@" && return 0; sleep 0.25; done
  fail "timed out after ${secs}s waiting for $what"
}

for cmd in munged slurmctld slurmd sbatch; do command -v "$cmd" >/dev/null || fail "$cmd is not installed"; done

# --- munge, on its own key and socket
dd if=/dev/urandom of="$WORK/munge.key" bs=1024 count=1 status=none
chmod 600 "$WORK/munge.key"
mkdir -m 700 "$WORK/munge"
munged -F --force --socket="$WORK/munge/munge.sock" --key-file="$WORK/munge.key" \
  --pid-file="$WORK/munge/munged.pid" --log-file="$WORK/munged.log" --seed-file="$WORK/munge/seed" \
  >"$WORK/munged.log" 2>&1 &
PIDS+=($!)
wait_for 10 munged test -S "$WORK/munge/munge.sock"

# --- slurm.conf: one node, described by `slurmd -C`; no accounting, no cgroups
node_line=$(slurmd -C | head -n 1)           # NodeName=<host> CPUs=... RealMemory=...
node=$(sed -E 's/^NodeName=([^ ]+).*/\1/' <<<"$node_line")
cpus=$(sed -E 's/.* CPUs=([0-9]+).*/\1/' <<<"$node_line")
mkdir -p "$WORK/state" "$WORK/spool"
export SLURM_CONF="$WORK/slurm.conf"
cat >"$SLURM_CONF" <<EOF
ClusterName=dcpsim-ci
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$WORK/munge/munge.sock
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
SchedulerType=sched/backfill
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
KillWait=10
MinJobAge=600
$node_line NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=ci Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -D -c -f "$SLURM_CONF" >>"$WORK/slurmctld.log" 2>&1 &
PIDS+=($!)
slurmd -D -f "$SLURM_CONF" -N "$node" >>"$WORK/slurmd.log" 2>&1 &
PIDS+=($!)
idle() { [ "$(sinfo -h -N -o '%t' 2>/dev/null | head -n 1)" = idle ]; }
wait_for 60 "node $node to be idle" idle
say "cluster up: $node_line"

# --- one machine: the reference
node src/bin.mjs sweep "$SWEEP" --out "$WORK/single" --workers "$cpus" --quiet
say "one machine: $(($(wc -l <"$WORK/single/summary.csv") - 1)) runs"
same() { cmp "$WORK/single/summary.csv" "$1/summary.csv" && cmp "$WORK/single/points.csv" "$1/points.csv"; }

# --- Slurm: the array and its merge, as a user submits them
rm -f logs/dcpsim-sweep-*.out logs/dcpsim-merge-*.out
out=$(SHARDS=3 SBATCH_ARGS='--array=0-2 --cpus-per-task=1 --mem-per-cpu=1G' \
  examples/slurm/submit.sh "$SWEEP" "$WORK/slurm")
read -r array merge <<<"$(sed -E 's/^array job ([0-9]+), merge job ([0-9]+).*/\1 \2/' <<<"$out")"
JOBS+=("$array" "$merge")
say "submitted: $out"
log1="logs/dcpsim-sweep-${array}_1.out"

# Shard 1's runs: points 1 and 4 of 6 (round-robin over 3 shards), 2 replicates each; their ids from the reference's rows.
mapfile -t shard1 < <(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "run") c = i; next }
  int((NR - 2) / 2) % 3 == 1 { print $c }' "$WORK/single/summary.csv")
[ "${#shard1[@]}" -eq 4 ] || fail "expected 4 runs in shard 1, found ${#shard1[@]}"
# Cancel task 1 once one of its runs is complete and others are not: it must keep that one.
one_done() {
  local n=0 id
  for id in "${shard1[@]}"; do [ -f "$WORK/slurm/runs/$id/result.json" ] && n=$((n + 1)); done
  [ "$n" -ge 1 ]
}
wait_for 120 "task ${array}_1 to complete a run" one_done
scancel "${array}_1"
ended() { [ -z "$(squeue -h -j "$1" 2>/dev/null)" ]; }
wait_for 60 "the cancelled task to end" ended "${array}_1"
grep -q 'dcpsim: stopped by SIGTERM' "$log1" || fail "task 1 did not stop cleanly on scancel's SIGTERM"
say "task 1 cancelled: $(grep 'stopped by' "$log1")"

# afterany: the merge runs once tasks 0 and 2 end, and names the shard to rerun.
wait_for 180 "the merge job (afterany) to run" ended "$merge"
merge_log="logs/dcpsim-merge-$merge.out"
grep -q 'found [1-4] missing in shard 1 (stopped .*) of 0\.\.2: rerun array task 1 with --shards 3 (sbatch --array=1)' "$merge_log" ||
  fail "the merge did not name shard 1: $(cat "$merge_log")"
say "merge after the cancel: $(cat "$merge_log")"

# Requeue the cancelled task: it resumes (its log is appended), then merge again.
scontrol requeue "${array}_1"
# Slurm holds a requeued job for a while (Reason=BeginTime, ~2 min) before it may start again: start it now.
scontrol update JobId="${array}_1" StartTime=now
requeued() { grep -q 'shard 2/3 (slurm index 1): 4 runs: ' "$log1"; }
wait_for 180 "the requeued task to finish" requeued
wait_for 60 "the requeued task to end" ended "${array}_1"
grep -q 'restart 1' "$log1" || fail "task 1 was not restarted by the requeue"
grep -Eq 'shard 2/3 \(slurm index 1\): 4 runs: [0-3] run now, [1-4] already complete, 0 failed' "$log1" ||
  fail "the requeued task did not resume (it should skip the runs complete before the cancel)"
say "task 1 requeued: $(grep -E 'shard 2/3 \(slurm index 1\): 4 runs: ' "$log1")"
merge2=$(sbatch --parsable --wait examples/slurm/merge.sbatch "$WORK/slurm") || fail "the second merge failed"
same "$WORK/slurm" || fail "Slurm's merged tables differ from one machine's"
say "Slurm: array of 3, task 1 cancelled and requeued, merged (job $merge2): identical to one machine"

# Resubmitting one task of the array (--array=1 shows Slurm a one-task array) runs shard 1 of 3, found complete.
again=$(SHARDS=3 sbatch --parsable --wait --array=1 --cpus-per-task=1 --mem-per-cpu=1G \
  examples/slurm/sweep.sbatch "$SWEEP" "$WORK/slurm") || fail "the resubmitted task failed"
JOBS+=("$again")
grep -q 'shard 2/3 (slurm index 1): 4 runs: 0 run now, 4 already complete' "logs/dcpsim-sweep-${again}_1.out" ||
  fail "sbatch --array=1 did not run shard 1 of 3: $(cat "logs/dcpsim-sweep-${again}_1.out")"
say "sbatch --array=1: shard 2/3, 4 runs already complete"

# --- Kubernetes Indexed Job and AWS Batch array, simulated: their indices in the environment
# shards LABEL DIR ENV... : three shard processes whose index comes from the environment named
# by the "{}" placeholder in ENV (plus any fixed flags), then a merge compared with one machine's tables.
shards() {
  local label=$1 dir=$2 env=$3; shift 3
  local pids=() i
  for i in 0 1 2; do
    env ${env//\{\}/$i} node src/bin.mjs sweep "$SWEEP" --out "$dir" --workers 1 --quiet "$@" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || fail "a $label shard failed"; done
  node src/bin.mjs merge "$dir" --quiet
  same "$dir" || fail "$label merged tables differ from one machine's"
}
shards Kubernetes-style "$WORK/k8s" 'JOB_COMPLETION_INDEX={}' --shards 3
say "Kubernetes (JOB_COMPLETION_INDEX 0..2, --shards 3): identical"
shards AWS-Batch-style "$WORK/aws" 'AWS_BATCH_JOB_ARRAY_INDEX={} AWS_BATCH_JOB_ARRAY_SIZE=3'
say "AWS Batch (AWS_BATCH_JOB_ARRAY_INDEX 0..2, SIZE 3): identical"
rm -f logs/dcpsim-sweep-"$array"_*.out logs/dcpsim-sweep-"$again"_*.out logs/dcpsim-merge-"$merge".out logs/dcpsim-merge-"$merge2".out
rmdir logs 2>/dev/null || true
say "passed"
