#!/usr/bin/env python3
"""Would multi-view stereo on reconstruct's poses sharpen the cloud? An offline diagnostic.

For every STEP-th frame of a reconstruction folder, sweeps its depth map through 32 factors
from 0.7 to 1.4 and keeps, per pixel, the factor whose warp of the frames 10 and 20 before and
after (with the reconstruction's own poses) matches best by zero-mean normalised
cross-correlation on 7x7 windows. Then fuses the frames' kept pixels (mask/) into 2 cm voxels
seen twice, places the cloud with the trajectory's Sim(3) like `packsfm eval`, and prints the
F-score at 5 cm against the ground-truth surface: with the network's depth ("net"), with the
sweep's winner everywhere ("mvs"), and with the winner only where it is confident ("mvsconf").

    python3 scripts/plane_sweep_fusion_check.py SCENE_FOLDER RECONSTRUCTION_FOLDER [STEP]

Uses the same surface sampling as scripts/cloud_fscore_after_icp.py (needs numpy, scipy and
Pillow); only every STEP-th frame (default 4) is fused, so the F-scores are lower than
`packsfm eval`'s, and only their differences matter. Not used by any test.
"""
import sys

import numpy as np
from PIL import Image
from scipy.ndimage import map_coordinates, uniform_filter
from scipy.spatial import cKDTree

from cloud_fscore_after_icp import ground_truth_surface, read_trajectory, umeyama

OFFSETS = [-20, -10, 10, 20]
FACTORS = np.exp(np.linspace(np.log(0.7), np.log(1.4), 32))
WINDOW = 7


def window_statistics(image):
    mean = uniform_filter(image, WINDOW)
    return mean, np.sqrt(np.maximum(uniform_filter(image * image, WINDOW) - mean * mean, 1e-6))


def main(scene, recon, step):
    fx, fy, cx, cy = (float(v) for v in open(f"{scene}/intrinsics.txt").read().split()[:4])
    truth, est = read_trajectory(f"{scene}/groundtruth.txt"), read_trajectory(f"{recon}/trajectory.txt")
    keys = sorted(est)
    shared = sorted(set(truth) & set(est))
    scale, rotation, translation = umeyama(np.array([est[k][1] for k in shared]), np.array([truth[k][1] for k in shared]))
    gray = lambda k: np.asarray(Image.open(f"{recon}/rgb/{k:.6f}.png").convert("L")).astype(np.float64) / 255
    surface = ground_truth_surface(scene, truth)
    clouds = {"net": [], "mvs": [], "mvsconf": []}
    for index in range(0, len(keys), step):
        key = keys[index]
        image, depth = gray(key), np.asarray(Image.open(f"{recon}/depth/{key:.6f}.png")).astype(np.float64) / 5000
        kept = np.asarray(Image.open(f"{recon}/mask/{key:.6f}.png")) > 127
        height, width = image.shape
        v, u = np.mgrid[0:height, 0:width].astype(np.float64)
        rays = np.stack([(u - cx) / fx, (v - cy) / fy, np.ones_like(u)], -1)
        world_rotation, world_translation = est[key]
        mean, deviation = window_statistics(image)
        costs = np.zeros((len(FACTORS), height, width)); counts = np.zeros_like(costs)
        for offset in OFFSETS:
            if not 0 <= index + offset < len(keys):
                continue
            other = keys[index + offset]
            source = gray(other)
            other_rotation, other_translation = est[other]
            r = other_rotation.T @ world_rotation; t = other_rotation.T @ (world_translation - other_translation)
            for f, factor in enumerate(FACTORS):
                points = (rays * (depth * factor)[..., None]) @ r.T + t
                z = points[..., 2]
                uu = fx * points[..., 0] / z + cx; vv = fy * points[..., 1] / z + cy
                inside = (z > 0.05) & (uu >= 0) & (uu <= width - 1) & (vv >= 0) & (vv <= height - 1)
                warped = map_coordinates(source, [vv, uu], order=1, mode="nearest")
                warped_mean, warped_deviation = window_statistics(warped)
                zncc = (uniform_filter(image * warped, WINDOW) - mean * warped_mean) / (deviation * warped_deviation)
                costs[f] += np.where(inside, 1 - zncc, 0); counts[f] += inside
        cost = np.where(counts > 0, costs / np.maximum(counts, 1), 9)
        best = cost.argmin(0)
        swept = depth * FACTORS[best]
        confident = (deviation > 0.02) & (cost.min(0) < 0.3) & (best > 0) & (best < len(FACTORS) - 1)
        for name, chosen in (("net", depth), ("mvs", swept), ("mvsconf", np.where(confident, swept, depth))):
            rows, columns = np.nonzero(kept & (chosen > 0))
            z = chosen[rows, columns]
            camera = np.stack([(columns - cx) / fx * z, (rows - cy) / fy * z, z], 1)
            clouds[name].append(scale * (camera @ world_rotation.T + world_translation) @ rotation.T + translation)
    tree = cKDTree(surface)
    for name, parts in clouds.items():
        points = np.concatenate(parts)
        _, inverse, count = np.unique(np.floor(points / 0.02).astype(np.int64), axis=0, return_inverse=True, return_counts=True)
        sums = np.zeros((count.size, 3)); np.add.at(sums, inverse.ravel(), points)
        centres = (sums / count[:, None])[count >= 2]
        precision = (tree.query(centres)[0] < 0.05).mean(); recall = (cKDTree(centres).query(surface)[0] < 0.05).mean()
        print(f"{name:8s} F@5cm {2 * precision * recall / (precision + recall):.3f}  precision {precision:.3f}  recall {recall:.3f}  points {len(centres)}")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 4)
