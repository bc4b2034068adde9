#!/usr/bin/env bash
# Exact ERM on a real cluster engine: starts a one-node Slurm on this machine (munged, slurmctld and slurmd, with a
# configuration written into a temporary folder and listening on 127.0.0.1 only), runs the sharded ERM of
# samples/ExactErm as an `sbatch --array` job, merges the parts and checks that the merged certificate equals the
# single-machine run. One task is cancelled on purpose: the merge must name its shard, and rerunning only that shard
# must complete the result. Stops every daemon it started, whatever happens (trap on exit).
#
# Usage (as root; apt-get installs Debian's slurm-wlm and munge when they are missing):
#   bash scripts/slurm-erm.sh [shards]        # default 4 shards
# Exit status: 0 passed, 1 failed, 77 skipped because apt-get could not install the packages (a line says so).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
shards=${1:-4}
width=2
points=16
cancelled=$((shards / 2))   # the task cancelled on purpose
wait_limit=300              # seconds any one wait may take before the run counts as failed

started=$(date +%s)
work=$(mktemp -d /tmp/dslnets-slurm.XXXXXX)
chmod 700 "$work"
pids=()

log() { echo "[slurm-erm $(($(date +%s) - started))s] $*"; }

cleanup() {
  local status=$?
  set +e
  if [ -n "${SLURM_CONF:-}" ] && [ -f "$SLURM_CONF" ] && [ ${#pids[@]} -gt 0 ]; then
    # Jobs run under slurmstepd, which outlives slurmd: cancel them and let their steps end before the daemons go.
    scancel --quiet --user="$(id -un)" 2>/dev/null
    for _ in $(seq 1 20); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.5; done
  fi
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null
  done
  if [ "$status" -ne 0 ] && [ "$status" -ne 77 ]; then
    for f in "$work"/*.log "$work"/out/*.log; do [ -f "$f" ] && { echo "--- $f"; tail -n 20 "$f"; }; done
  fi
  rm -rf "$work"
  log "daemons stopped, $work removed"
  exit "$status"
}
trap cleanup EXIT
# A signal ends the script through exit, so the cleanup above runs then too.
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# 1. Debian's packages, installed only when missing. Their maintainer scripts must start no service of their own here.
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  log "installing slurm-wlm and munge with apt-get"
  policy_made=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy_made=1
  fi
  installed=0
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends slurm-wlm munge; } \
    > "$work/apt.log" 2>&1 && installed=1
  [ "$policy_made" -eq 1 ] && rm -f /usr/sbin/policy-rc.d
  if [ "$installed" -ne 1 ]; then
    tail -n 5 "$work/apt.log"
    echo "SKIPPED: apt-get cannot install slurm-wlm and munge on this machine; the Slurm ERM check did not run."
    exit 77
  fi
fi
log "$(slurmctld -V)"

# 2. The sample, built once; every task runs the same dll.
dotnet build samples/ExactErm -c Release -v quiet -nologo > "$work/build.log"
erm() { dotnet "$repo/samples/ExactErm/bin/Release/net10.0/ExactErm.dll" "$@"; }

# 3. munge: its own key and socket in the temporary folder, so no system munged is needed or touched.
mkdir -m 700 "$work/state" "$work/spool" "$work/out"
# Clients reach the socket by path: the folder must be searchable, not readable.
mkdir -m 711 "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge/munge.key"
munged --foreground --force --key-file="$work/munge/munge.key" --socket="$work/munge/munge.socket" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" --seed-file="$work/munge/munged.seed" \
  > "$work/munged.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 40); do [ -S "$work/munge/munge.socket" ] && break; sleep 0.25; done
[ -S "$work/munge/munge.socket" ] || { log "munged did not start"; exit 1; }

# 4. slurm.conf: this host as controller and only node, on two free loopback ports, no cgroups, no accounting.
free_port() {
  local port
  for port in $(shuf -i 20000-60000 -n 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  return 1
}
ctld_port=$(free_port)
slurmd_port=$(free_port)
while [ "$slurmd_port" = "$ctld_port" ]; do slurmd_port=$(free_port); done
host=$(hostname -s)
cpus=$(nproc)
export SLURM_CONF="$work/slurm.conf"
cat > "$SLURM_CONF" <<CONF
ClusterName=dslnets
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
CommunicationParameters=NoInAddrAny,NoCtldInAddrAny
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=erm Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF

slurmctld -D -f "$SLURM_CONF" > "$work/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" > "$work/slurmd.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  state=$(sinfo -h -n "$host" -o %T 2>/dev/null || true)
  [ "$state" = "idle" ] && break
  sleep 0.5
done
[ "${state:-}" = "idle" ] || { log "the node did not come up (state '${state:-none}')"; exit 1; }
log "one-node Slurm up: controller 127.0.0.1:$ctld_port, node $host ($cpus CPUs) on 127.0.0.1:$slurmd_port"
if command -v ss >/dev/null; then
  listeners=$(ss -ltnH | awk -v a=":$ctld_port" -v b=":$slurmd_port" '{ n = length($4); if (substr($4, n - length(a) + 1) == a || substr($4, n - length(b) + 1) == b) print $4 }')
  echo "$listeners" | grep -qv '^127\.0\.0\.1:' && { log "a daemon listens beyond loopback: $listeners"; exit 1; }
  log "listening: $(echo $listeners)"
fi

# Waits until job $1 has left the queue.
wait_for() {
  local deadline=$(($(date +%s) + wait_limit))
  while [ -n "$(squeue -h -j "$1" 2>/dev/null)" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { log "job $1 still queued after ${wait_limit}s"; return 1; }
    sleep 0.5
  done
}
task_command="exec dotnet '$repo/samples/ExactErm/bin/Release/net10.0/ExactErm.dll' --width $width --points $points \
--shard \$SLURM_ARRAY_TASK_ID/$shards --out shard\$SLURM_ARRAY_TASK_ID.json"

# 5. The single-machine result to compare with (the whole enumeration in one process).
(cd "$work/out" && erm --width "$width" --points "$points" --out single.json)

# 6. The array job, held until one task is cancelled, so the cancellation is certain to hit a task that never ran.
job=$(sbatch --parsable --hold --job-name=exact-erm --array=0-$((shards - 1)) --chdir="$work/out" \
  --output="$work/out/task-%a.log" --wrap "$task_command")
scancel "${job}_${cancelled}"
scontrol release "$job"
log "submitted array job $job with $shards tasks; cancelled task $cancelled before it ran"
wait_for "$job"
scontrol show job "$job" 2>/dev/null | grep -oE "ArrayTaskId=[0-9]+|JobState=[A-Z]+" | paste - - | sed 's/^/  /' || true

# 7. The merge must fail and name the cancelled shard.
if (cd "$work/out" && erm --merge shard*.json) > "$work/merge-incomplete.txt" 2>&1; then
  log "the merge accepted an incomplete set of parts"; cat "$work/merge-incomplete.txt"; exit 1
fi
grep -q "missing $cancelled\." "$work/merge-incomplete.txt" || { log "the merge did not name shard $cancelled:"; cat "$work/merge-incomplete.txt"; exit 1; }
log "merge without task $cancelled: $(cat "$work/merge-incomplete.txt")"

# 8. Rerun only that shard, as a one-task array, then merge and compare with the single-machine result.
rerun=$(sbatch --parsable --job-name=exact-erm-rerun --array="$cancelled" --chdir="$work/out" \
  --output="$work/out/task-%a.log" --wrap "$task_command")
log "resubmitted shard $cancelled as job $rerun"
wait_for "$rerun"
for i in $(seq 0 $((shards - 1))); do cat "$work/out/task-$i.log"; done
(cd "$work/out" && erm --merge shard*.json --expect single.json)
log "passed: $shards Slurm tasks (one cancelled and rerun) merge to the single-machine certificate"
