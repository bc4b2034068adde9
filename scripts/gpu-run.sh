#!/usr/bin/env bash
# The GPU benchmark suite in one command on a lent GPU machine (no .NET SDK, no network there; Python 3 with
# PyTorch CUDA). Two modes, run from the repository root:
#
#   bash scripts/gpu-run.sh prepare
#       Here, with the .NET SDK: publishes bench/DslNets.GpuBenchmarks self-contained for linux-x64 into .gpu-build/,
#       packs it as .gpu-run/gpubench.tar.xz, copies the peer scripts (bench/peer/gpu_peer.py, compare_gpu.py) into
#       .gpu-run/ with a MANIFEST (commit, sizes, sha256), and keeps both folders out of git (.git/info/exclude and
#       .gitignore). Fails when the tarball is over 40 MB (what the device tool carries is limited).
#
#   bash scripts/gpu-run.sh run [compare_gpu.py flags...]
#       On the GPU machine, with $OUT set: unpacks the bench into a `mktemp -d` folder, runs compare_gpu.py there
#       (the .NET bench on CUDA, then the PyTorch peer, eager and CUDA graphs) under a total limit of
#       GPU_RUN_LIMIT seconds (default 500, below the tool's 540), and writes under $OUT: gpu-table.md (the one
#       table), gpu-results.json (both sides and the table), dotnet-bench.{log,json}, peer.{log,json}, and
#       environment.txt (nvidia-smi, the CUDA driver library, Python and PyTorch versions).
#
# The device tool's call, exactly (after `prepare` here and a commit or not; .gpu-run is ignored, so it is carried):
#       command: bash scripts/gpu-run.sh run      carry: [".gpu-run"]      timeout_s: 540
#
# A rehearsal here (no GPU: the CPU accelerator and a CPU PyTorch, small batches; not GPU figures):
#       bash scripts/gpu-run.sh prepare
#       OUT=$(mktemp -d) PYTHON=/usr/bin/python3 bash scripts/gpu-run.sh run --device cpu --quick
#
# Environment: PYTHON (default python3) runs compare_gpu.py and the peer; GPU_RUN_LIMIT (seconds, default 500).
# A benchmark tool: CI never runs it.
set -euo pipefail

cd "$(dirname "$0")/.."
mode=${1:-}
[[ $# -gt 0 ]] && shift

case "$mode" in
prepare)
    command -v dotnet >/dev/null || { echo "gpu-run prepare: needs the .NET SDK (dotnet)" >&2; exit 1; }
    exclude=$(git rev-parse --git-path info/exclude)
    mkdir -p "$(dirname "$exclude")"
    for pattern in /.gpu-run/ /.gpu-build/; do
        grep -qxF "$pattern" "$exclude" 2>/dev/null || echo "$pattern" >>"$exclude"
    done
    rm -rf .gpu-build .gpu-run
    mkdir -p .gpu-build .gpu-run
    echo "gpu-run prepare: dotnet publish bench/DslNets.GpuBenchmarks (Release, linux-x64, self-contained)"
    dotnet publish bench/DslNets.GpuBenchmarks/DslNets.GpuBenchmarks.csproj -c Release -r linux-x64 --self-contained \
        -p:DebugType=none -p:GenerateDocumentationFile=false -o .gpu-build/gpubench -nologo -v quiet
    [[ -x .gpu-build/gpubench/DslNets.GpuBenchmarks ]] || { echo "gpu-run prepare: the publish made no executable" >&2; exit 1; }
    echo "gpu-run prepare: packing .gpu-run/gpubench.tar.xz"
    XZ_OPT=${XZ_OPT:--6 -T2} tar -C .gpu-build -cJf .gpu-run/gpubench.tar.xz gpubench
    cp bench/peer/gpu_peer.py bench/peer/compare_gpu.py .gpu-run/
    bytes=$(stat -c %s .gpu-run/gpubench.tar.xz)
    unpacked=$(du -sb .gpu-build/gpubench | cut -f1)
    {
        echo "commit: $(git rev-parse HEAD)$(git diff --quiet HEAD -- bench src && echo '' || echo ' (with uncommitted changes in bench/ or src/)')"
        echo "prepared_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
        echo "tarball_bytes: $bytes"
        echo "unpacked_bytes: $unpacked"
    } >.gpu-run/MANIFEST
    (cd .gpu-run && sha256sum gpubench.tar.xz gpu_peer.py compare_gpu.py >SHA256SUMS && cat SHA256SUMS >>MANIFEST)
    cat .gpu-run/MANIFEST
    if ((bytes > 40 * 1000 * 1000)); then
        echo "gpu-run prepare: the tarball is $bytes bytes, over 40 MB: too large to carry" >&2
        exit 1
    fi
    echo "gpu-run prepare: ready ($((bytes / 1000000)) MB packed, $((unpacked / 1000000)) MB unpacked). On the GPU machine:"
    echo "    command: bash scripts/gpu-run.sh run   carry: [\".gpu-run\"]   timeout_s: 540"
    ;;

run)
    : "${OUT:?gpu-run run: set OUT to the folder for the results}"
    python=${PYTHON:-python3}
    limit=${GPU_RUN_LIMIT:-500}
    [[ -f .gpu-run/gpubench.tar.xz ]] || { echo "gpu-run run: .gpu-run/gpubench.tar.xz is missing: run 'bash scripts/gpu-run.sh prepare' first and carry .gpu-run" >&2; exit 1; }
    mkdir -p "$OUT"
    started=$(date +%s)
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    (cd .gpu-run && sha256sum -c --quiet SHA256SUMS) || echo "gpu-run run: warning: .gpu-run does not match its SHA256SUMS" >&2
    tar -C "$work" -xJf .gpu-run/gpubench.tar.xz
    cp .gpu-run/gpu_peer.py .gpu-run/compare_gpu.py "$work"/
    {
        echo "== MANIFEST"; cat .gpu-run/MANIFEST
        echo "== date"; date -u
        echo "== nvidia-smi"; nvidia-smi 2>&1 || echo "(no nvidia-smi)"
        echo "== CUDA driver library"; (ldconfig -p 2>/dev/null | grep -E 'libcuda\.so') || echo "(libcuda not in the ldconfig cache)"
        echo "== python"; "$python" -c 'import sys, torch; print(sys.version); print("torch", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())' 2>&1 || true
        echo "== host"; nproc; free -g 2>/dev/null || true
    } >"$OUT/environment.txt" 2>&1

    # ILGPU asks for libcuda.so; where only libcuda.so.1 exists, offer a link (the bench also falls back to .so.1 itself).
    if ! ldconfig -p 2>/dev/null | grep -qE 'libcuda\.so( |$)'; then
        so1=$(ldconfig -p 2>/dev/null | awk '/libcuda\.so\.1 /{print $NF; exit}')
        if [[ -n "${so1:-}" ]]; then
            mkdir -p "$work/cudalib" && ln -s "$so1" "$work/cudalib/libcuda.so"
            export LD_LIBRARY_PATH="$work/cudalib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
            echo "gpu-run run: linked libcuda.so -> $so1" | tee -a "$OUT/environment.txt"
        fi
    fi

    # The GPU run asks for CUDA outright (auto would fall back to the CPU accelerator and spend the time on it).
    device=(--device cuda)
    for argument in "$@"; do [[ "$argument" == --device ]] && device=(); done

    left=$((limit - ($(date +%s) - started)))
    echo "gpu-run run: compare_gpu.py in $work (limit ${left} s)"
    status=0
    timeout --kill-after=15 "$left" "$python" "$work/compare_gpu.py" \
        --bench "$work/gpubench/DslNets.GpuBenchmarks" --python "$python" \
        --bench-timeout "$((left * 62 / 100))" --peer-timeout "$((left * 30 / 100))" \
        --logs "$OUT" --out "$OUT/gpu-table.md" --json-out "$OUT/gpu-results.json" "${device[@]}" "$@" || status=$?
    echo "gpu-run run: finished with status $status after $(($(date +%s) - started)) s; results in $OUT"
    ls -l "$OUT"
    exit "$status"
    ;;

*)
    echo "usage: bash scripts/gpu-run.sh prepare | run [compare_gpu.py flags...]   (see the header of this script)" >&2
    exit 2
    ;;
esac
