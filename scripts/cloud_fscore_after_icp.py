#!/usr/bin/env python3
"""How much of a reconstruction's cloud F-score is lost to the evaluation's alignment.

`packsfm eval` places the fused cloud with the Sim(3) that best aligns the reconstructed
trajectory to the ground-truth one (Umeyama), as issue 5 asks. This diagnostic recomputes that
F-score at 5 cm, then refines the cloud's placement with point-to-point ICP (Sim(3), 30
iterations, pairs closer than 0.3 m, then 0.1 m) against the ground-truth surface and reports
the F-score again: the difference is what the trajectory alignment cost, the rest is the
cloud's own shape.

    python3 scripts/cloud_fscore_after_icp.py SCENE_FOLDER RECONSTRUCTION_FOLDER

SCENE_FOLDER is a rendered scene (`packsfm render`: depth/, depth.txt, groundtruth.txt,
intrinsics.txt); RECONSTRUCTION_FOLDER is `packsfm reconstruct`'s output (cloud.ply,
trajectory.txt). The ground-truth surface is every second pixel of every ground-truth depth
map, back-projected (a random 400,000 of them), so the numbers differ slightly from
`packsfm eval`'s. Needs numpy, scipy and Pillow; a diagnostic, not used by any test.
"""
import sys

import numpy as np
from PIL import Image
from scipy.spatial import cKDTree


def read_cloud(path):
    """The x, y, z of PackSfM's binary PLY (x y z float, rgb uchar, observations int, error float)."""
    data = open(path, "rb").read()
    end = data.index(b"end_header\n") + len(b"end_header\n")
    count = int(next(line for line in data[:end].split(b"\n") if line.startswith(b"element vertex")).split()[-1])
    layout = np.dtype([("x", "<f4"), ("y", "<f4"), ("z", "<f4"), ("red", "u1"), ("green", "u1"), ("blue", "u1"),
                       ("observations", "<i4"), ("error", "<f4")])
    vertices = np.frombuffer(data[end:end + count * layout.itemsize], dtype=layout)
    return np.stack([vertices["x"], vertices["y"], vertices["z"]], 1).astype(np.float64)


def rotation_from_quaternion(x, y, z, w):
    return np.array([[1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                     [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                     [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]])


def read_trajectory(path):
    """TUM trajectory: timestamp (rounded to 0.1 ms) → (rotation, translation) camera-to-world."""
    poses = {}
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        values = [float(v) for v in line.split()]
        poses[round(values[0], 4)] = (rotation_from_quaternion(*values[4:8]), np.array(values[1:4]))
    return poses


def umeyama(source, target):
    """Scale c, rotation R, translation t minimising |c R source + t − target|² (Umeyama 1991)."""
    source_mean, target_mean = source.mean(0), target.mean(0)
    s, d = source - source_mean, target - target_mean
    u, singular, vt = np.linalg.svd(d.T @ s / len(source))
    sign = np.eye(3)
    if np.linalg.det(u) * np.linalg.det(vt) < 0:
        sign[2, 2] = -1
    rotation = u @ sign @ vt
    scale = (singular * np.diag(sign)).sum() / ((s ** 2).sum() / len(source))
    return scale, rotation, target_mean - scale * rotation @ source_mean


def ground_truth_surface(scene, poses):
    fx, fy, cx, cy = (float(v) for v in open(f"{scene}/intrinsics.txt").read().split()[:4])
    points = []
    for line in open(f"{scene}/depth.txt"):
        if line.startswith("#") or not line.strip():
            continue
        timestamp, name = line.split()
        pose = poses.get(round(float(timestamp), 4))
        if pose is None:
            continue
        depth = np.asarray(Image.open(f"{scene}/{name}")).astype(np.float64) / 5000.0
        v, u = np.mgrid[0:depth.shape[0]:2, 0:depth.shape[1]:2]
        z = depth[v, u]
        valid = z > 0
        camera = np.stack([(u[valid] - cx) / fx * z[valid], (v[valid] - cy) / fy * z[valid], z[valid]], 1)
        points.append(camera @ pose[0].T + pose[1])
    surface = np.concatenate(points)
    return surface[np.random.default_rng(0).choice(len(surface), min(len(surface), 400_000), replace=False)]


def main():
    scene, reconstruction = sys.argv[1], sys.argv[2]
    truth, estimate = read_trajectory(f"{scene}/groundtruth.txt"), read_trajectory(f"{reconstruction}/trajectory.txt")
    shared = sorted(set(truth) & set(estimate))
    scale, rotation, translation = umeyama(np.array([estimate[t][1] for t in shared]),
                                           np.array([truth[t][1] for t in shared]))
    surface = ground_truth_surface(scene, truth)
    surface_index = cKDTree(surface)
    cloud = scale * read_cloud(f"{reconstruction}/cloud.ply") @ rotation.T + translation

    def f_score(points, threshold=0.05):
        precision = (surface_index.query(points)[0] < threshold).mean()
        recall = (cKDTree(points).query(surface)[0] < threshold).mean()
        return 2 * precision * recall / max(precision + recall, 1e-12), precision, recall

    print("trajectory Sim(3)        F@5cm %.3f  precision %.3f  recall %.3f" % f_score(cloud))
    sample = cloud[np.random.default_rng(1).choice(len(cloud), min(len(cloud), 100_000), replace=False)]
    for iteration in range(30):
        distances, nearest = surface_index.query(sample)
        close = distances < (0.3 if iteration < 10 else 0.1)
        c, r, t = umeyama(sample[close], surface[nearest[close]])
        sample, cloud = c * sample @ r.T + t, c * cloud @ r.T + t
    print("after ICP (Sim(3))       F@5cm %.3f  precision %.3f  recall %.3f" % f_score(cloud))


if __name__ == "__main__":
    main()
