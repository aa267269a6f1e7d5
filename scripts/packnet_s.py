"""PackNet-S in PyTorch, written from shared/ARCHITECTURE.md alone (independent of the Swift code).

Loads a PackSfM weights file and runs the depth and pose networks:

    from packnet_s import load
    model = load("weights.safetensors")            # a PackNetS module
    sigmas = model.depth(images)                   # [sigma1, sigma2, sigma3, sigma4]
    depth = model.depth.to_depth(sigmas[0])        # metres
    motion = model.pose(target, source)            # [N, 6]: axis-angle, translation (T_source<-target)

The Swift tests compare against outputs of this file (Tests/DepthModelsTests/Fixtures).
"""
import json

import torch
import torch.nn as nn
import torch.nn.functional as F


class Conv(nn.Module):
    def __init__(self, cin, cout, k):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, 1, k // 2)
        self.norm = nn.GroupNorm(8, cout, eps=1e-5)

    def forward(self, x):
        return F.elu(self.norm(self.conv(x)), alpha=1.0)


class ChannelConv3d(nn.Conv3d):
    def __init__(self, d):
        super().__init__(1, d, 3, 1, 1)

    def forward(self, x):
        b, c, h, w = x.shape
        y = super().forward(x.unsqueeze(1))  # [B, d, C, h, w]
        return y.reshape(b, -1, h, w)        # channel d_index * C + c


class Pack(nn.Module):
    def __init__(self, c, k, d):
        super().__init__()
        self.conv3d = ChannelConv3d(d)
        self.conv = Conv(4 * c * d, c, k)

    def forward(self, x):
        return self.conv(self.conv3d(F.pixel_unshuffle(x, 2)))


class Unpack(nn.Module):
    def __init__(self, cin, cout, k, d):
        super().__init__()
        self.conv = Conv(cin, 4 * cout // d, k)
        self.conv3d = ChannelConv3d(d)

    def forward(self, x):
        return F.pixel_shuffle(self.conv3d(self.conv(x)), 2)


class Residual(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv1 = Conv(cin, cout, 3)
        self.conv2 = Conv(cout, cout, 3)
        self.shortcut = nn.Conv2d(cin, cout, 1)
        self.norm = nn.GroupNorm(8, cout, eps=1e-5)

    def forward(self, x):
        return F.elu(self.norm(self.conv2(self.conv1(x)) + self.shortcut(x)), alpha=1.0)


def stage(n, cin, cout):
    return nn.Sequential(*[Residual(cin if i == 0 else cout, cout) for i in range(n)])


class InvDepth(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, 1, 3, 1, 1)

    def forward(self, x):
        return torch.sigmoid(self.conv(x))


class DepthNet(nn.Module):
    def __init__(self, widths, blocks, d, min_depth, max_depth):
        super().__init__()
        n, b = widths, blocks
        self.min_depth, self.max_depth = min_depth, max_depth
        self.pre, self.enc1 = Conv(3, n[0], 5), Conv(n[0], n[1], 5)
        self.pack1, self.enc2 = Pack(n[1], 3, d), stage(b[0], n[1], n[2])
        self.pack2, self.enc3 = Pack(n[2], 3, d), stage(b[1], n[2], n[3])
        self.pack3, self.enc4 = Pack(n[3], 3, d), stage(b[2], n[3], n[4])
        self.pack4, self.enc5 = Pack(n[4], 3, d), stage(b[3], n[4], n[5])
        self.pack5 = Pack(n[5], 3, d)
        self.unpack5, self.iconv5 = Unpack(n[5], n[5], 3, d), Conv(n[5] + n[4], n[5], 3)
        self.unpack4, self.iconv4, self.disp4 = Unpack(n[5], n[4], 3, d), Conv(n[4] + n[3], n[4], 3), InvDepth(n[4])
        self.unpack3, self.iconv3, self.disp3 = Unpack(n[4], n[3], 3, d), Conv(n[3] + n[2] + 1, n[3], 3), InvDepth(n[3])
        self.unpack2, self.iconv2, self.disp2 = Unpack(n[3], n[2], 3, d), Conv(n[2] + n[1] + 1, n[2], 3), InvDepth(n[2])
        self.unpack1, self.iconv1, self.disp1 = Unpack(n[2], n[1], 3, d), Conv(n[1] + n[0] + 1, n[1], 3), InvDepth(n[1])

    def forward(self, rgb):
        up = lambda t: F.interpolate(t, scale_factor=2, mode="nearest")
        x = self.pre((rgb - 0.45) / 0.225)
        x1p = self.pack1(self.enc1(x))
        x2p = self.pack2(self.enc2(x1p))
        x3p = self.pack3(self.enc3(x2p))
        x4p = self.pack4(self.enc4(x3p))
        x5p = self.pack5(self.enc5(x4p))
        i5 = self.iconv5(torch.cat([self.unpack5(x5p), x4p], 1))
        i4 = self.iconv4(torch.cat([self.unpack4(i5), x3p], 1))
        s4 = self.disp4(i4)
        i3 = self.iconv3(torch.cat([self.unpack3(i4), x2p, up(s4)], 1))
        s3 = self.disp3(i3)
        i2 = self.iconv2(torch.cat([self.unpack2(i3), x1p, up(s3)], 1))
        s2 = self.disp2(i2)
        i1 = self.iconv1(torch.cat([self.unpack1(i2), x, up(s2)], 1))
        return [self.disp1(i1), s2, s3, s4]

    def to_depth(self, sigma):
        return 1.0 / (1.0 / self.max_depth + (1.0 / self.min_depth - 1.0 / self.max_depth) * sigma)


class PoseNet(nn.Module):
    def __init__(self, widths):
        super().__init__()
        kernels = [7, 5, 3, 3, 3, 3, 3]
        cins = [6] + widths[:-1]
        self.convs = nn.ModuleList([nn.Conv2d(cins[i], widths[i], kernels[i], 2, kernels[i] // 2) for i in range(7)])
        self.norms = nn.ModuleList([nn.GroupNorm(8, w, eps=1e-5) for w in widths])
        self.out = nn.Conv2d(widths[-1], 6, 1)

    def forward(self, target, source):
        x = torch.cat([target - 0.45, source - 0.45], 1)
        for conv, norm in zip(self.convs, self.norms):
            x = F.relu(norm(conv(x)))
        return 0.01 * self.out(x).mean(dim=(2, 3))


class PackNetS(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.depth = DepthNet(config["widths"], config["blocks"], config["d3d"], config["min_depth"], config["max_depth"])
        self.pose = PoseNet(config["pose_widths"])


def load(path):
    """A PackNetS module with the weights and configuration of a PackSfM weights file."""
    from safetensors import safe_open
    from safetensors.torch import load_file
    with safe_open(path, "pt") as handle:
        metadata = handle.metadata()
    assert metadata["arch"] == "packnet-s", metadata.get("arch")
    model = PackNetS(json.loads(metadata["config"]))
    model.load_state_dict(load_file(path), strict=True)
    return model.eval()
