"""The PyTorch CPU baseline for `Benchmarks model`: the same PackNet-S (scripts/packnet_s.py) and
the same self-supervised step (depth + two poses, view synthesis, SSIM+L1 minimum reprojection
with automasking, edge-aware smoothness, backward, Adam) on the same machine and threads.

    python3 scripts/benchmark_pytorch.py            # prints ms per forward and per training step
"""
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from packnet_s import PackNetS  # noqa: E402

torch.set_num_threads(int(os.environ.get("THREADS", "2")))
torch.manual_seed(0)
config = {"widths": [16, 16, 32, 64, 96, 128], "blocks": [1, 1, 2, 2], "d3d": 2,
          "pose_widths": [16, 32, 64, 128, 256, 256, 256], "min_depth": 0.1, "max_depth": 20.0}
model = PackNetS(config)


def best_of(repeats, function):
    function()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def ssim(x, y):
    pool = lambda t: F.avg_pool2d(F.pad(t, (1, 1, 1, 1), mode="reflect"), 3, 1)
    mx, my = pool(x), pool(y)
    sx, sy, sxy = pool(x * x) - mx * mx, pool(y * y) - my * my, pool(x * y) - mx * my
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    return ((2 * mx * my + c1) * (2 * sxy + c2)) / ((mx * mx + my * my + c1) * (sx + sy + c2))


def photometric(a, b):
    return 0.85 * ((1 - ssim(a, b)) / 2).clamp(0, 1).mean(1, True) + 0.15 * (a - b).abs().mean(1, True)


def rodrigues(r):
    theta = r.norm(dim=1, keepdim=True).clamp_min(1e-8)
    k = r / theta
    K = torch.zeros(r.shape[0], 3, 3)
    K[:, 0, 1], K[:, 0, 2], K[:, 1, 0] = -k[:, 2], k[:, 1], k[:, 2]
    K[:, 1, 2], K[:, 2, 0], K[:, 2, 1] = -k[:, 0], -k[:, 1], k[:, 0]
    s, c = theta.sin().unsqueeze(2), theta.cos().unsqueeze(2)
    return torch.eye(3).unsqueeze(0) + s * K + (1 - c) * (K @ K)


def warp(source, depth, motion, fx, fy, cx, cy):
    b, _, h, w = depth.shape
    v, u = torch.meshgrid(torch.arange(h, dtype=torch.float32), torch.arange(w, dtype=torch.float32), indexing="ij")
    rays = torch.stack([(u - cx) / fx, (v - cy) / fy, torch.ones_like(u)]).reshape(1, 3, -1)
    points = depth.reshape(b, 1, -1) * rays
    moved = rodrigues(motion[:, :3]) @ points + motion[:, 3:].unsqueeze(2)
    z = moved[:, 2:3].clamp_min(1e-3)
    gx = (moved[:, 0:1] / z * fx + cx) * 2 / (w - 1) - 1
    gy = (moved[:, 1:2] / z * fy + cy) * 2 / (h - 1) - 1
    grid = torch.cat([gx, gy], 1).permute(0, 2, 1).reshape(b, h, w, 2)
    return F.grid_sample(source, grid, padding_mode="border", align_corners=True)


def training_step(optimizer, target, previous, following):
    optimizer.zero_grad()
    sigmas = model.depth(target)
    motions = [model.pose(target, previous), model.pose(target, following)]
    h, w = target.shape[2:]
    identity = [photometric(s, target) for s in (previous, following)]
    loss = 0
    for scale, sigma in enumerate(sigmas):
        full = sigma if scale == 0 else F.interpolate(sigma, (h, w), mode="bilinear", align_corners=False)
        depth = model.depth.to_depth(full)
        errors = [photometric(warp(s, depth, m, 105.0, 105.0, 63.5, 47.5), target)
                  for s, m in zip((previous, following), motions)]
        loss = loss + torch.cat(errors + identity, 1).min(1)[0].mean() / 4
        image = target if scale == 0 else F.interpolate(target, sigma.shape[2:], mode="bilinear", align_corners=False)
        d = sigma / (sigma.mean((2, 3), True) + 1e-7)
        dx = (d[..., 1:] - d[..., :-1]).abs() * torch.exp(-(image[..., 1:] - image[..., :-1]).abs().mean(1, True))
        dy = (d[..., 1:, :] - d[..., :-1, :]).abs() * torch.exp(-(image[..., 1:, :] - image[..., :-1, :]).abs().mean(1, True))
        loss = loss + 1e-3 / 2 ** scale * (dx.mean() + dy.mean())
    loss.backward()
    optimizer.step()


with torch.no_grad():
    image = torch.rand(1, 3, 192, 256)
    forward = best_of(5, lambda: model.depth(image))
print(f"pytorch {torch.__version__}, {torch.get_num_threads()} threads")
print(f"depth forward 256x192: {forward * 1e3:.1f} ms/image")
optimizer = torch.optim.Adam(model.parameters(), lr=2e-4)
frames = [torch.rand(4, 3, 96, 128) for _ in range(3)]
step = best_of(5, lambda: training_step(optimizer, *frames))
print(f"training step b4 128x96: {step * 1e3:.0f} ms/step, {4 / step:.1f} images/s")
