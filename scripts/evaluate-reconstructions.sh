#!/usr/bin/env bash
# Reconstructs every evaluation scene of Scenes/ with the given packsfm options and evaluates
# the result against the ground truth: the cloud F-score and depth numbers of docs/refinement.md
# and docs/reconstruction.md.
#
#   scripts/evaluate-reconstructions.sh OUT_DIR LABEL [reconstruct options...]
#   scripts/evaluate-reconstructions.sh /tmp/eval none
#   scripts/evaluate-reconstructions.sh /tmp/eval guided --refine guided
#
# Renders each scene once (120 frames at 256x192; FRAMES=N renders N) into OUT_DIR/scenes/, reconstructs it into
# OUT_DIR/LABEL/<scene>/ and writes OUT_DIR/LABEL/<scene>.json (packsfm eval --json), then prints
# one line per scene: F-score at 5 and 10 cm, depth AbsRel median-scaled, ATE %.
set -euo pipefail
if [ $# -lt 2 ]; then
    echo "usage: $0 OUT_DIR LABEL [reconstruct options...]" >&2
    exit 2
fi
out=$1; label=$2; shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
packsfm=${PACKSFM:-$root/.build/release/packsfm}
mkdir -p "$out/scenes" "$out/$label"
for scene_file in "$root"/Scenes/*.json; do
    scene=$(basename "$scene_file" .json)
    if [ ! -f "$out/scenes/$scene/groundtruth.txt" ]; then
        "$packsfm" render "$scene_file" --out "$out/scenes/$scene" --frames "${FRAMES:-120}" --size 256x192 >/dev/null 2>&1
    fi
    rm -rf "$out/$label/$scene"
    "$packsfm" reconstruct "$out/scenes/$scene" --out "$out/$label/$scene" "$@" >/dev/null 2>&1
    "$packsfm" eval "$out/$label/$scene" --gt "$out/scenes/$scene" --json "$out/$label/$scene.json" >/dev/null
    python3 - "$out/$label/$scene.json" "$scene" "$label" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))["reconstruction"]
scores = result["cloud"]["scores"]
depth = {summary["scaling"]: summary for summary in result["depth"]}
median = depth["perFrameMedian"]
print(f"{sys.argv[3]:>10} {sys.argv[2]:>12}  F@5cm {scores[0]['fScore']:.3f}  F@10cm {scores[1]['fScore']:.3f}"
      f"  AbsRel(median) {median['errors']['absRel']:.3f}  delta1 {median['errors']['delta1']:.3f}"
      f"  AbsRel(unscaled) {depth['none']['errors']['absRel']:.3f}  median scale {median['medianScale']:.2f}"
      f"  ATE {result['trajectory']['atePercentOfPath']:.1f} %")
PY
done
