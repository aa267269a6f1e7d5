import Tensors

/// PackNet-S depth network (shared/ARCHITECTURE.md; Guizilini et al., "3D Packing for
/// Self-Supervised Monocular Depth Estimation", CVPR 2020): a packing encoder to 1/32 resolution
/// and an unpacking decoder with skip connections and four inverse-depth heads.
///
/// Input: RGB images [N, 3, H, W] in [0, 1], H and W multiples of 32. Output: sigmoids σ1 (full
/// resolution), σ2 (1/2), σ3 (1/4), σ4 (1/8), each [N, 1, h, w]; ``depth(fromSigmoid:)`` turns
/// one into metres. Parameter names are those of the contract, without the `depth.` prefix.
public final class DepthNet: ParameterContainer {
    public let configuration: PackNetConfiguration
    let pre, enc1: ConvBlock
    let pack1, pack2, pack3, pack4, pack5: Pack
    let enc2, enc3, enc4, enc5: ResidualStage
    let unpack5, unpack4, unpack3, unpack2, unpack1: Unpack
    let iconv5, iconv4, iconv3, iconv2, iconv1: ConvBlock
    let disp4, disp3, disp2, disp1: InverseDepthHead

    /// Depth (metres) that a freshly initialised network predicts everywhere, roughly: the middle
    /// of a room. With the default range a zero-bias sigmoid would mean 0.2 m, and Adam moves a
    /// bias by about one learning rate per step, so starting there costs thousands of steps in
    /// which depth and the velocity-supervised pose disagree by an order of magnitude.
    public static let initialDepth = 2.5

    /// A freshly initialised network.
    public init(configuration: PackNetConfiguration, initializer: ParameterInitializer) {
        precondition(configuration.widths.count == 6 && configuration.blocks.count == 4,
                     "DepthNet: widths \(configuration.widths) / blocks \(configuration.blocks)")
        self.configuration = configuration
        let n = configuration.widths, b = configuration.blocks, d = configuration.d3d
        let i = initializer
        let initialSigmoid = (1 / Self.initialDepth - 1 / configuration.maxDepth)
            / (1 / configuration.minDepth - 1 / configuration.maxDepth)
        pre = ConvBlock(inputChannels: 3, outputChannels: n[0], kernelSize: 5, initializer: i)
        enc1 = ConvBlock(inputChannels: n[0], outputChannels: n[1], kernelSize: 5, initializer: i)
        pack1 = Pack(channels: n[1], kernelSize: 3, d3d: d, initializer: i)
        enc2 = ResidualStage(count: b[0], inputChannels: n[1], outputChannels: n[2], initializer: i)
        pack2 = Pack(channels: n[2], kernelSize: 3, d3d: d, initializer: i)
        enc3 = ResidualStage(count: b[1], inputChannels: n[2], outputChannels: n[3], initializer: i)
        pack3 = Pack(channels: n[3], kernelSize: 3, d3d: d, initializer: i)
        enc4 = ResidualStage(count: b[2], inputChannels: n[3], outputChannels: n[4], initializer: i)
        pack4 = Pack(channels: n[4], kernelSize: 3, d3d: d, initializer: i)
        enc5 = ResidualStage(count: b[3], inputChannels: n[4], outputChannels: n[5], initializer: i)
        pack5 = Pack(channels: n[5], kernelSize: 3, d3d: d, initializer: i)

        unpack5 = Unpack(inputChannels: n[5], outputChannels: n[5], kernelSize: 3, d3d: d, initializer: i)
        iconv5 = ConvBlock(inputChannels: n[5] + n[4], outputChannels: n[5], kernelSize: 3, initializer: i)
        unpack4 = Unpack(inputChannels: n[5], outputChannels: n[4], kernelSize: 3, d3d: d, initializer: i)
        iconv4 = ConvBlock(inputChannels: n[4] + n[3], outputChannels: n[4], kernelSize: 3, initializer: i)
        disp4 = InverseDepthHead(inputChannels: n[4], initialSigmoid: initialSigmoid, initializer: i)
        unpack3 = Unpack(inputChannels: n[4], outputChannels: n[3], kernelSize: 3, d3d: d, initializer: i)
        iconv3 = ConvBlock(inputChannels: n[3] + n[2] + 1, outputChannels: n[3], kernelSize: 3, initializer: i)
        disp3 = InverseDepthHead(inputChannels: n[3], initialSigmoid: initialSigmoid, initializer: i)
        unpack2 = Unpack(inputChannels: n[3], outputChannels: n[2], kernelSize: 3, d3d: d, initializer: i)
        iconv2 = ConvBlock(inputChannels: n[2] + n[1] + 1, outputChannels: n[2], kernelSize: 3, initializer: i)
        disp2 = InverseDepthHead(inputChannels: n[2], initialSigmoid: initialSigmoid, initializer: i)
        unpack1 = Unpack(inputChannels: n[2], outputChannels: n[1], kernelSize: 3, d3d: d, initializer: i)
        iconv1 = ConvBlock(inputChannels: n[1] + n[0] + 1, outputChannels: n[1], kernelSize: 3, initializer: i)
        disp1 = InverseDepthHead(inputChannels: n[1], initialSigmoid: initialSigmoid, initializer: i)
    }

    public var members: [(name: String, member: Member)] {
        let layers: [(String, any ParameterContainer)] = [
            ("pre", pre), ("enc1", enc1), ("pack1", pack1), ("enc2", enc2), ("pack2", pack2),
            ("enc3", enc3), ("pack3", pack3), ("enc4", enc4), ("pack4", pack4), ("enc5", enc5), ("pack5", pack5),
            ("unpack5", unpack5), ("iconv5", iconv5), ("unpack4", unpack4), ("iconv4", iconv4), ("disp4", disp4),
            ("unpack3", unpack3), ("iconv3", iconv3), ("disp3", disp3), ("unpack2", unpack2), ("iconv2", iconv2),
            ("disp2", disp2), ("unpack1", unpack1), ("iconv1", iconv1), ("disp1", disp1),
        ]
        return layers.map { ($0.0, .child($0.1)) }
    }

    /// The four inverse-depth sigmoids for RGB `images` [N, 3, H, W] in [0, 1]:
    /// `[σ1 (H×W), σ2 (H/2), σ3 (H/4), σ4 (H/8)]`, each [N, 1, h, w].
    public func callAsFunction(_ images: Tensor) -> [Tensor] {
        precondition(images.rank == 4 && images.shape[1] == 3, "DepthNet: input \(images.shape) is not [N, 3, H, W]")
        precondition(images.shape[2] % 32 == 0 && images.shape[3] % 32 == 0,
                     "DepthNet: input size \(images.shape[3])x\(images.shape[2]) is not a multiple of 32")
        let x = pre((images - 0.45) / 0.225)           // [N, n0, H, W]
        let x1p = pack1(enc1(x))                        // [N, n1, H/2]
        let x2p = pack2(enc2(x1p))                      // [N, n2, H/4]
        let x3p = pack3(enc3(x2p))                      // [N, n3, H/8]
        let x4p = pack4(enc4(x3p))                      // [N, n4, H/16]
        let x5p = pack5(enc5(x4p))                      // [N, n5, H/32]

        let i5 = iconv5(concatChannels([unpack5(x5p), x4p]))                                  // [N, n5, H/16]
        let i4 = iconv4(concatChannels([unpack4(i5), x3p]))                                   // [N, n4, H/8]
        let sigma4 = disp4(i4)
        let i3 = iconv3(concatChannels([unpack3(i4), x2p, sigma4.upsampleNearest2x()]))       // [N, n3, H/4]
        let sigma3 = disp3(i3)
        let i2 = iconv2(concatChannels([unpack2(i3), x1p, sigma3.upsampleNearest2x()]))       // [N, n2, H/2]
        let sigma2 = disp2(i2)
        let i1 = iconv1(concatChannels([unpack1(i2), x, sigma2.upsampleNearest2x()]))         // [N, n1, H]
        let sigma1 = disp1(i1)
        return [sigma1, sigma2, sigma3, sigma4]
    }

    /// Depth in metres from a sigmoid: `1 / (1/max + (1/min − 1/max)·σ)`.
    public func depth(fromSigmoid sigma: Tensor) -> Tensor {
        let minInverse = Float(1 / configuration.maxDepth)
        let span = Float(1 / configuration.minDepth - 1 / configuration.maxDepth)
        return 1 / (sigma * span + minInverse)
    }
}
