"""Reference outputs of PackNet-S for the Swift tests, from the independent PyTorch
implementation in scripts/packnet_s.py. Run from the repository root:

    python3 Tests/DepthModelsTests/Fixtures/make_network_fixtures.py

Writes tiny_packnet.safetensors: a small configuration's random weights (the `depth.*` and
`pose.*` tensors, with arch/config metadata) plus the fixture tensors `fixture.input`,
`fixture.source`, `fixture.sigma1..4` and `fixture.motion` (names outside the model's).
"""
import json
import os
import sys

import torch
from safetensors.torch import save_file

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../../scripts"))
from packnet_s import PackNetS  # noqa: E402

torch.manual_seed(3)
config = {"widths": [8, 8, 8, 16, 16, 16], "blocks": [1, 1, 2, 1], "d3d": 2,
          "pose_widths": [8, 8, 8, 8, 8, 16, 16], "min_depth": 0.1, "max_depth": 20.0,
          "input_height": 32, "input_width": 64}
model = PackNetS(config).eval()
with torch.no_grad():
    for name, p in model.named_parameters():
        if name.endswith("norm.weight") or ".norms." in name and name.endswith("weight"):
            p.copy_(1 + 0.2 * torch.randn_like(p))   # non-trivial affine GroupNorm parameters
        elif name.endswith("norm.bias") or ".norms." in name and name.endswith("bias"):
            p.copy_(0.1 * torch.randn_like(p))
    image = torch.rand(2, 3, 32, 64)
    source = torch.rand(2, 3, 32, 64)
    sigmas = model.depth(image)
    motion = model.pose(image, source)
tensors = {k: v.contiguous() for k, v in model.state_dict().items()}
tensors["fixture.input"] = image
tensors["fixture.source"] = source
for i, s in enumerate(sigmas):
    tensors[f"fixture.sigma{i + 1}"] = s.contiguous()
tensors["fixture.motion"] = motion
out = os.path.join(os.path.dirname(__file__), "tiny_packnet.safetensors")
save_file(tensors, out, metadata={"arch": "packnet-s", "config": json.dumps(config)})
print(out, sum(v.numel() for v in model.state_dict().values()), "parameters")

# Names and shapes of the default configuration (ARCHITECTURE.md defaults), for the naming test.
default = PackNetS({"widths": [16, 16, 32, 64, 96, 128], "blocks": [1, 1, 2, 2], "d3d": 2,
                    "pose_widths": [16, 32, 64, 128, 256, 256, 256], "min_depth": 0.1, "max_depth": 20.0})
shapes = {k: list(v.shape) for k, v in default.state_dict().items()}
with open(os.path.join(os.path.dirname(__file__), "default_parameter_shapes.json"), "w") as handle:
    json.dump(shapes, handle, indent=0, sort_keys=True)
print(len(shapes), "default tensors,", sum(v.numel() for v in default.state_dict().values()), "default parameters")
