"""Reference outputs from PyTorch for the Tensors tests (conv2d, channel Conv3d, GroupNorm,
activations, pixel (un)shuffle, upsampling, Adam).

Run from this folder:  python3 make_conv_fixtures.py
Writes conv_reference.safetensors with a small hand-written safetensors writer (no
`safetensors` package needed), so the Swift reader is also checked against an independent writer.
Every case is named `<case>.<role>`; the Swift tests (ConvolutionTests, ChannelConv3dTests,
NormalizationTests, ActivationTests, ChannelTests, AdamTests) read them by these names.
"""
import json
import struct

import torch
import torch.nn.functional as F

torch.manual_seed(20261125)
torch.set_default_dtype(torch.float32)
tensors = {}


def put(name, tensor):
    tensors[name] = tensor.detach().clone().contiguous().to(torch.float32)


# conv2d: (case, input shape, weight shape, stride, padding, with bias)
for case, x_shape, w_shape, stride, padding, with_bias in [
    ("conv_k3_s1_p1", (2, 3, 7, 6), (4, 3, 3, 3), 1, 1, True),
    ("conv_k3_s2_p1", (1, 3, 8, 7), (5, 3, 3, 3), 2, 1, True),
    ("conv_k5_s1_p2", (1, 2, 9, 8), (3, 2, 5, 5), 1, 2, True),
    ("conv_k7_s2_p3", (1, 3, 11, 10), (2, 3, 7, 7), 2, 3, True),
    ("conv_k1_s1_p0", (2, 4, 5, 5), (3, 4, 1, 1), 1, 0, True),
    ("conv_k3_s1_p0", (1, 2, 6, 6), (2, 2, 3, 3), 1, 0, False),
]:
    x = torch.randn(x_shape)
    w = torch.randn(w_shape) * 0.3
    b = torch.randn(w_shape[0]) if with_bias else None
    put(f"{case}.input", x)
    put(f"{case}.weight", w)
    if b is not None:
        put(f"{case}.bias", b)
    put(f"{case}.output", F.conv2d(x, w, b, stride=stride, padding=padding))

# channel-axis Conv3d of ARCHITECTURE.md: [B, C, h, w] -> [B, 1, C, h, w] -> [B, d*C, h, w]
x = torch.randn(2, 4, 5, 6)
w = torch.randn(2, 1, 3, 3, 3) * 0.3
b = torch.randn(2)
put("conv3d.input", x)
put("conv3d.weight", w)
put("conv3d.bias", b)
put("conv3d.output", F.conv3d(x.unsqueeze(1), w, b, padding=1).reshape(2, 2 * 4, 5, 6))

# GroupNorm(8 groups), eps 1e-5; a second input with a large mean checks the statistics
for case, offset in [("groupnorm", 0.0), ("groupnorm_offset", 100.0)]:
    x = torch.randn(2, 16, 5, 4) * 2 + offset
    weight = torch.randn(16)
    bias = torch.randn(16)
    put(f"{case}.input", x)
    put(f"{case}.weight", weight)
    put(f"{case}.bias", bias)
    put(f"{case}.output", F.group_norm(x, 8, weight, bias, eps=1e-5))

# activations
x = torch.linspace(-6, 6, 49)
put("activation.input", x)
put("activation.elu", F.elu(x, alpha=1.0))
put("activation.sigmoid", torch.sigmoid(x))

# pixel (un)shuffle and upsampling
x = torch.randn(2, 3, 4, 6)
put("unshuffle.input", x)
put("unshuffle.output", F.pixel_unshuffle(x, 2))
x = torch.randn(1, 8, 3, 4)
put("shuffle.input", x)
put("shuffle.output", F.pixel_shuffle(x, 2))
x = torch.randn(1, 2, 3, 5)
put("nearest.input", x)
put("nearest.output", F.interpolate(x, scale_factor=2, mode="nearest"))
x = torch.randn(2, 2, 4, 3)
put("bilinear.input", x)
put("bilinear.output", F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False))

# Adam: 5 steps with given gradients, lr 1e-2, weight decay 0.1
parameter = torch.randn(10, requires_grad=True)
gradients = torch.randn(5, 10)
put("adam.initial", parameter)
put("adam.gradients", gradients)
optimiser = torch.optim.Adam([parameter], lr=1e-2, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1)
for step in range(5):
    parameter.grad = gradients[step].clone()
    optimiser.step()
state = optimiser.state[parameter]
put("adam.final", parameter)
put("adam.m", state["exp_avg"])
put("adam.v", state["exp_avg_sq"])


def write_safetensors(path, named, metadata):
    header = {"__metadata__": metadata}
    offset = 0
    for name in sorted(named):
        size = named[name].numel() * 4
        header[name] = {"dtype": "F32", "shape": list(named[name].shape), "data_offsets": [offset, offset + size]}
        offset += size
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as file:
        file.write(struct.pack("<Q", len(encoded)))
        file.write(encoded)
        for name in sorted(named):
            file.write(named[name].numpy().astype("<f4").tobytes())


write_safetensors("conv_reference.safetensors", tensors, {"generator": "make_conv_fixtures.py", "torch": torch.__version__})
