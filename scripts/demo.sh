#!/usr/bin/env bash
# The demo of `make demo`: render a bundled room, reconstruct it with the shipped model, show it.
# Without a display it writes screenshots instead and says where they are.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/tmp/packsfm-demo}"
packsfm=.build/release/packsfm
mkdir -p "$out"

if [ ! -f "$out/living_room/rgb.txt" ]; then
  echo "== rendering Scenes/living_room.json (120 frames, 256x192) into $out/living_room"
  rm -rf "$out/living_room"
  "$packsfm" render Scenes/living_room.json --out "$out/living_room" --frames 120 --size 256x192
fi

echo "== reconstructing with the shipped model into $out/reconstruction"
rm -rf "$out/reconstruction"
"$packsfm" reconstruct "$out/living_room" --out "$out/reconstruction"

echo "== comparing with the ground truth"
"$packsfm" eval "$out/reconstruction" --gt "$out/living_room" || true

if [ -n "${DISPLAY:-}" ]; then
  echo "== opening the viewer (press H in the window for help)"
  "$packsfm" view "$out/reconstruction" --gt "$out/living_room/groundtruth.txt"
else
  echo "== no display: writing screenshots instead"
  for mode in rgb depth error observations; do
    xvfb-run -a -s "-screen 0 1280x1024x24" "$packsfm" view "$out/reconstruction" \
      --screenshot "$out/view-$mode.png" --color-mode "$mode" --panel --size 1280x720
  done
  echo "screenshots: $out/view-{rgb,depth,error,observations}.png"
  echo "with a display, run: $packsfm view $out/reconstruction"
fi
