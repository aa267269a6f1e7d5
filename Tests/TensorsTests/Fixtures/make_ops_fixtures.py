"""Reference values from PyTorch for the Tensors op tests (grid sampling, bilinear resize,
reflect-padded 3x3 mean, axis-angle rotation).

Run from this folder:  python3 make_ops_fixtures.py
Writes grid_sample.json, resize_bilinear.json, average_pool_reflect.json, axis_angle.json.
Each tensor is stored as {"shape": [...], "values": [...]} in row-major order, float32 values
printed with 9 significant digits (exact round trip).
"""
import json

import torch
import torch.nn.functional as F

torch.manual_seed(20260)


def tensor(t):
    return {"shape": list(t.shape), "values": [float("%.9g" % v) for v in t.detach().reshape(-1).tolist()]}


def write(name, content):
    content = {"generator": "make_ops_fixtures.py, torch " + torch.__version__, **content}
    with open(name, "w") as f:
        json.dump(content, f, separators=(",", ":"))


def grid_sample():
    # Coordinates reach past [-1, 1] so that border clamping is exercised.
    image = torch.rand(2, 3, 5, 6, requires_grad=True)
    grid = ((torch.rand(2, 4, 7, 2) * 2.6) - 1.3).requires_grad_(True)
    output = F.grid_sample(image, grid, mode="bilinear", padding_mode="border", align_corners=True)
    upstream = torch.rand_like(output) * 2 - 1
    (output * upstream).sum().backward()
    write("grid_sample.json", {
        "image": tensor(image), "grid": tensor(grid), "output": tensor(output),
        "upstream": tensor(upstream), "image_gradient": tensor(image.grad), "grid_gradient": tensor(grid.grad),
    })


def resize_bilinear():
    source = torch.rand(1, 2, 5, 7)
    cases = []
    for height, width in [(8, 11), (3, 4), (10, 14), (5, 3)]:
        output = F.interpolate(source, size=(height, width), mode="bilinear", align_corners=False)
        cases.append({"height": height, "width": width, "output": tensor(output)})
    write("resize_bilinear.json", {"input": tensor(source), "cases": cases})


def average_pool_reflect():
    source = torch.rand(2, 2, 5, 6)
    output = F.avg_pool2d(F.pad(source, (1, 1, 1, 1), mode="reflect"), kernel_size=3, stride=1)
    small = torch.rand(1, 1, 2, 3)
    small_output = F.avg_pool2d(F.pad(small, (1, 1, 1, 1), mode="reflect"), kernel_size=3, stride=1)
    write("average_pool_reflect.json", {
        "input": tensor(source), "output": tensor(output),
        "small_input": tensor(small), "small_output": tensor(small_output),
    })


def axis_angle():
    vectors = torch.tensor([[0.3, -0.2, 0.5], [1e-4, 2e-4, -1e-4], [0.0, 0.0, 0.0], [-2.0, 1.0, 0.5]])
    rx, ry, rz = vectors.double().unbind(1)
    zero = torch.zeros_like(rx)
    skew = torch.stack([zero, -rz, ry, rz, zero, -rx, -ry, rx, zero], 1).reshape(-1, 3, 3)
    write("axis_angle.json", {"vectors": tensor(vectors), "matrices": tensor(torch.linalg.matrix_exp(skew).float())})


grid_sample()
resize_bilinear()
average_pool_reflect()
axis_angle()
