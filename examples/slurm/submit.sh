#!/bin/bash
# Submit a dcpsim sweep as a Slurm array (examples/slurm/sweep.sbatch) and its merge, which
# runs once every task has ended (afterany: with afterok a single cancelled or requeued task
# would leave the merge pending forever, DependencyNeverSatisfied).
#
#   examples/slurm/submit.sh <sweep file> <out folder> [dcpsim sweep flags]
#   examples/slurm/submit.sh examples/cooling.sweep.yaml runs/cooling
#   COMMAND=size examples/slurm/submit.sh examples/campus.size.yaml runs/size-campus   # a sizing
#
# Options for sbatch go in SBATCH_ARGS, e.g. SBATCH_ARGS='--partition=long --array=0-15'
# (with SHARDS=16 exported, as the script reads it).
set -euo pipefail
cd "$(dirname "$0")/../.."   # the repository, on shared storage
mkdir -p logs                # sbatch needs it before any task starts
sweep=${1:?usage: submit.sh <sweep file> <out folder> [dcpsim sweep flags]}
out=${2:?usage: submit.sh <sweep file> <out folder> [dcpsim sweep flags]}
# shellcheck disable=SC2086
array=$(sbatch --parsable ${SBATCH_ARGS:-} examples/slurm/sweep.sbatch "$@")
merge=$(sbatch --parsable --dependency=afterany:"$array" examples/slurm/merge.sbatch "$out")
echo "array job $array, merge job $merge; logs in logs/"
