import Foundation
import Geometry
import Imaging

/// Draws a `ViewerScene` as a `ViewerState` describes it. The 3D pass (points, frustums, trajectories,
/// the current frame's mask points) goes into a retained off-screen target slice by slice as
/// `LevelOfDetail` plans; a composite pass (with optional eye-dome lighting), the navigation map
/// (tested against the 3D pass's depth) and the 2D overlays (panels, legend, status, help) then
/// build the final image, which the window shows or a screenshot reads.
final class SceneRenderer {
    /// The scene drawn.
    let scene: ViewerScene
    /// Framebuffer pixels per screen unit (2 on a typical HiDPI display); scales text and splats.
    var pixelScale: Double
    /// The point plan; its slice adapts to the measured drawing speed.
    private(set) var levelOfDetail: LevelOfDetail

    private let points: PointRenderer, lines: LineRenderer, overlay: OverlayRenderer, composite: CompositePass
    private let floorMap: FloorMapRenderer?, pathLines: LineRenderer?
    private let cloud = PointBatch(), maskBatch = PointBatch()
    private var sceneTarget: RenderTarget, finalTarget: RenderTarget
    private let loadEvidence: (Int) -> FrameEvidence?
    private let pointRadius: Float
    private var drawnRevision = -1, scalarMode: ColorMode?, linesFrame = -1, evidenceFrame = -1
    private var evidence: FrameEvidence?
    private var panelTextures: [Panel: Texture] = [:]
    private let legendTexture = Texture()

    /// The background colour of the 3D view.
    static let background = SIMD4<Float>(0.09, 0.09, 0.11, 1)

    /// Creates the GL resources for `scene` at `width`×`height` framebuffer pixels;
    /// `loadEvidence(i)` gives frame i's images (nil when they cannot be read).
    init(scene: ViewerScene, width: Int, height: Int, pixelScale: Double, loadEvidence: @escaping (Int) -> FrameEvidence?) throws {
        self.scene = scene
        self.pixelScale = pixelScale
        self.loadEvidence = loadEvidence
        points = try PointRenderer()
        lines = try LineRenderer()
        overlay = try OverlayRenderer()
        composite = try CompositePass()
        if let navmap = scene.navmap {
            floorMap = try FloorMapRenderer(navmap)
            let path = navmap.pathSegments
            let pathLines = try LineRenderer()
            pathLines.upload(points: path.points, colors: path.colors)
            self.pathLines = pathLines
        } else {
            floorMap = nil
            pathLines = nil
        }
        sceneTarget = try RenderTarget(width: width, height: height)
        finalTarget = try RenderTarget(width: width, height: height)
        cloud.upload(positions: scene.cloud.positions, colors: scene.cloud.colors)
        levelOfDetail = LevelOfDetail(totalCount: scene.cloud.count)
        let radius = scene.extent.radius
        // Splats about as wide as the spacing of the points over a sphere of the scene's size.
        pointRadius = Float(0.8 * (4 * Double.pi * radius * radius / Double(max(scene.cloud.count, 1))).squareRoot())
        let legend = ColorMap.turbo.legend(width: 256, height: 1)
        legendTexture.upload(rgba: legend.rgbaBytes, width: 256, height: 1)
        GL.enableProgramPointSize()
    }

    /// The size of the image in pixels.
    var size: (width: Int, height: Int) { (finalTarget.width, finalTarget.height) }

    /// Follows a framebuffer resize (the 3D image is drawn again).
    func resize(width: Int, height: Int) throws {
        guard width > 0, height > 0, width != finalTarget.width || height != finalTarget.height else { return }
        sceneTarget = try RenderTarget(width: width, height: height)
        finalTarget = try RenderTarget(width: width, height: height)
        drawnRevision = -1
    }

    /// The colour mode actually used: a scalar mode whose statistic the cloud lacks falls back to RGB.
    func effectiveColorMode(_ mode: ColorMode) -> ColorMode {
        mode == .rgb || mode == .depth || scene.cloud.scalars(for: mode) != nil ? mode : .rgb
    }

    /// Draws the next frame for `state` into the final image. With `complete`, every point is
    /// drawn at once (screenshots); otherwise the level of detail decides. Returns the number of
    /// cloud points drawn.
    @discardableResult
    func render(_ state: ViewerState, complete: Bool = false) -> Int {
        let mode = effectiveColorMode(state.colorMode)
        let scalarModeNeeded: ColorMode? = mode == .error || mode == .observations ? mode : nil
        if scalarModeNeeded != scalarMode {
            cloud.uploadScalars(scalarModeNeeded.flatMap { scene.cloud.scalars(for: $0) })
            scalarMode = scalarModeNeeded
        }
        updateFrame(state.frameIndex)

        let viewChanged = state.sceneRevision != drawnRevision
        drawnRevision = state.sceneRevision
        let plan: LevelOfDetail.Plan = complete ? .redraw(0..<scene.cloud.count) : levelOfDetail.plan(viewChanged: viewChanged)
        let (width, height) = size
        let (near, far) = scene.clippingRange(from: state.camera)
        let view = state.camera.viewMatrix
        let projection = state.camera.projectionMatrix(aspect: Double(width) / Double(height), near: near, far: far)
        let focalPixels = Float(Double(height) / 2 / tan(state.camera.verticalFieldOfView / 2))
        let parameters = PointRenderer.Parameters(
            view: view, projection: projection, pointRadius: pointRadius, focalPixels: focalPixels,
            maxPointSize: Float(16 * pixelScale), colorMode: mode, scalarRange: scalarRange(mode, state.camera))

        var drawn = 0
        sceneTarget.bind()
        GL.setDepthTest(true)
        switch plan {
        case .redraw(let range):
            GL.clear(color: Self.background)
            lines.draw(viewProjection: projection * view, eye: SIMD3<Float>(state.camera.position), clearRadius: Float(scene.frustumSize * 3))
            if state.showMaskPoints {
                points.draw(maskBatch, range: 0..<maskBatch.count,
                            PointRenderer.Parameters(view: view, projection: projection, pointRadius: pointRadius,
                                                     focalPixels: focalPixels, maxPointSize: parameters.maxPointSize,
                                                     colorMode: .rgb, scalarRange: 0...1, pullToEye: 0.01))
            }
            points.draw(cloud, range: range, parameters)
            drawn = range.count
        case .accumulate(let range):
            points.draw(cloud, range: range, parameters)
            drawn = range.count
        case .complete:
            break
        }
        GL.setDepthTest(false)

        if state.eyeDomeLighting {
            finalTarget.bind()
            composite.draw(sceneTarget, eyeDomeLighting: true, near: near, far: far, pixelScale: pixelScale)
        } else {
            // A plain copy is several times cheaper than a full-screen pass on a software rasteriser.
            GL.blit(from: sceneTarget.name, width: width, height: height, to: finalTarget.name, targetWidth: width, targetHeight: height)
            finalTarget.bind()
        }
        if state.showNavmap { drawNavmap(viewProjection: projection * view, eye: SIMD3<Float>(state.camera.position)) }
        GL.setBlending(true)
        drawOverlays(state, mode: mode)
        GL.setBlending(false)
        return drawn
    }

    /// Draws the navigation map into the final image behind what the 3D pass drew nearer: the
    /// path first (opaque), then the translucent grid. Both are pulled toward the eye by twice
    /// the splat radius, so the floor's splats (spheres reaching that high) do not hide them.
    private func drawNavmap(viewProjection: Matrix4, eye: SIMD3<Float>) {
        guard let floorMap, let pathLines else { return }
        let (width, height) = size
        GL.copyDepth(from: sceneTarget.name, to: finalTarget.name, width: width, height: height)
        finalTarget.bind()
        GL.setDepthTest(true)
        pathLines.draw(viewProjection: viewProjection, eye: eye, clearRadius: 0, pullDistance: 2 * pointRadius)
        GL.setBlending(true)
        floorMap.draw(viewProjection: viewProjection, eye: eye, pullDistance: 2 * pointRadius)
        GL.setBlending(false)
        GL.setDepthTest(false)
    }

    /// Records the time the last `render` took, so the level of detail can adapt.
    func record(points drawn: Int, seconds: Double) { levelOfDetail.record(points: drawn, seconds: seconds) }

    /// Shows the final image in the window's framebuffer of `width`×`height`.
    func present(width: Int, height: Int) {
        GL.blit(from: finalTarget.name, width: finalTarget.width, height: finalTarget.height,
                to: 0, targetWidth: width, targetHeight: height)
    }

    /// The final image as 8-bit RGBA, top row first.
    func readImage() -> Image {
        let bytes = finalTarget.readRGBA()
        var pixels = [Float](repeating: 0, count: finalTarget.width * finalTarget.height * 3)
        for pixel in 0..<(finalTarget.width * finalTarget.height) {
            for channel in 0..<3 { pixels[pixel * 3 + channel] = Float(bytes[pixel * 4 + channel]) / 255 }
        }
        return Image(width: finalTarget.width, height: finalTarget.height, channels: 3, pixels: pixels)
    }

    // MARK: - Per-frame content

    private func scalarRange(_ mode: ColorMode, _ camera: ViewCamera) -> ClosedRange<Float> {
        mode == .depth ? scene.depthRange(from: camera) : scene.cloud.scalarRange(for: mode) ?? 0...1
    }

    private func updateFrame(_ index: Int) {
        guard index != linesFrame else { return }
        linesFrame = index
        var segments: [SIMD3<Float>] = [], colors: [SIMD3<Float>] = []
        func add(_ path: [RigidTransform], color: SIMD3<Float>, size: Double) {
            for (a, b) in zip(path, path.dropFirst()) {
                segments += [SIMD3<Float>(a.translation), SIMD3<Float>(b.translation)]
            }
            for pose in path { segments += scene.frustumSegments(pose, size: size) }
            colors += Array(repeating: color, count: segments.count - colors.count)
        }
        add(scene.groundTruth, color: [0.3, 0.6, 1.0], size: scene.frustumSize)
        add(scene.frames.map(\.worldFromCamera), color: [1.0, 0.55, 0.1], size: scene.frustumSize)
        if scene.frames.indices.contains(index) {
            segments += scene.frustumSegments(scene.frames[index].worldFromCamera, size: scene.frustumSize * 2.5)
            colors += Array(repeating: [1, 1, 0.2], count: segments.count - colors.count)
        }
        lines.upload(points: segments, colors: colors)

        evidence = scene.frames.indices.contains(index) ? loadEvidence(index) : nil
        panelTextures.removeAll()
        if let evidence {
            for panel in Panel.allCases {
                let image = evidence.image(for: panel)
                let texture = Texture()
                texture.upload(rgba: image.rgbaBytes, width: image.width, height: image.height)
                panelTextures[panel] = texture
            }
            let step = max(1, Int((Double(evidence.depth.width * evidence.depth.height) / 60_000).squareRoot().rounded(.up)))
            let mask = evidence.maskPoints(worldFromCamera: scene.frames[index].worldFromCamera, intrinsics: scene.intrinsics, step: step)
            maskBatch.upload(positions: mask.positions, colors: mask.colors)
        } else {
            maskBatch.upload(positions: [], colors: [])
        }
    }

    // MARK: - Overlays

    private func drawOverlays(_ state: ViewerState, mode: ColorMode) {
        let (width, height) = size
        let viewport = SIMD2(Float(width), Float(height))
        let textScale = max(1, Int(((height >= 480 ? 2 : 1) * pixelScale).rounded()))
        let margin = 8 * pixelScale
        let lineHeight = Double(TextImage.cellHeight * textScale)

        // Status line, top left.
        let frameText = scene.frames.isEmpty ? "NO FRAMES" :
            "FRAME \(state.frameIndex + 1)/\(scene.frames.count)  T \(String(format: "%.3f", scene.frames[state.frameIndex].timestamp))"
        let status = "\(frameText)  \(state.navigation.rawValue.uppercased())  \(mode.rawValue.uppercased())"
            + (state.eyeDomeLighting ? "  EDL" : "") + (scene.navmap != nil && state.showNavmap ? "  NAVMAP" : "")
            + (state.playing ? "  PLAYING" : "") + "   H: HELP"
        overlay.fill(ScreenRect(x: 0, y: 0, width: Double(width), height: lineHeight + 2 * margin), color: [0, 0, 0, 0.45], viewport: viewport)
        overlay.text(status, x: margin, y: margin, scale: textScale, viewport: viewport)

        // Panels, stacked down the right edge.
        var panelTop = lineHeight + 3 * margin
        let shown = Panel.allCases.filter { state.panels.contains($0) }.compactMap { panel in panelTextures[panel].map { (panel, $0) } }
        let aspects = shown.map { Double($0.1.height) / Double($0.1.width) }.reduce(0, +)
        let available = Double(height) - panelTop - Double(shown.count) * (lineHeight + margin)
        let panelWidth = min(Double(width) * 0.26, aspects > 0 ? available / aspects : 0)
        for (panel, texture) in shown where panelWidth > 0 {
            let panelHeight = panelWidth * Double(texture.height) / Double(texture.width)
            let left = Double(width) - panelWidth - margin
            overlay.fill(ScreenRect(x: left - 2, y: panelTop - 2, width: panelWidth + 4, height: lineHeight + panelHeight + 4),
                         color: [0, 0, 0, 0.6], viewport: viewport)
            overlay.text(panel.title, x: left, y: panelTop, scale: textScale, viewport: viewport)
            overlay.draw(texture, in: ScreenRect(x: left, y: panelTop + lineHeight, width: panelWidth, height: panelHeight), viewport: viewport)
            panelTop += lineHeight + panelHeight + margin
        }

        // Legend for the scalar modes, bottom left.
        if mode != .rgb {
            let range = scalarRange(mode, state.camera)
            let barWidth = 256 * pixelScale, barHeight = 14 * pixelScale
            let barTop = Double(height) - margin - lineHeight - barHeight
            let title: String
            switch mode {
            case .depth: title = "DISTANCE (M)"
            case .error: title = "MEAN PHOTOMETRIC ERROR"
            default: title = "OBSERVATIONS (FRAMES)"
            }
            overlay.fill(ScreenRect(x: margin / 2, y: barTop - lineHeight - margin, width: barWidth + margin,
                                    height: 2 * lineHeight + barHeight + 1.5 * margin), color: [0, 0, 0, 0.55], viewport: viewport)
            overlay.text(title, x: margin, y: barTop - lineHeight - margin / 2, scale: textScale, viewport: viewport)
            overlay.draw(legendTexture, in: ScreenRect(x: margin, y: barTop, width: barWidth, height: barHeight), viewport: viewport)
            let digits = mode == .observations ? "%.0f" : "%.2f"
            overlay.text(String(format: digits, range.lowerBound), x: margin, y: barTop + barHeight + 2, scale: textScale, viewport: viewport)
            let maximum = String(format: digits, range.upperBound)
            overlay.text(maximum, x: margin + barWidth - Double(maximum.count * TextImage.cellWidth * textScale),
                         y: barTop + barHeight + 2, scale: textScale, viewport: viewport)
        } else if state.colorMode != .rgb {
            overlay.text("NO \(state.colorMode.rawValue.uppercased()) DATA IN CLOUD.PLY: SHOWING RGB", x: margin,
                         y: Double(height) - margin - lineHeight, scale: textScale, viewport: viewport)
        }

        if state.showHelp {
            let helpLines = ViewerState.help.split(separator: "\n")
            let columns = Double(helpLines.map(\.count).max() ?? 0)
            // The largest text scale at which the help fits the width.
            let fitting = Int((Double(width) - 4 * margin) / (columns * Double(TextImage.cellWidth)))
            let helpScale = max(1, min(textScale, fitting))
            let box = ScreenRect(x: margin, y: lineHeight + 3 * margin,
                                 width: columns * Double(TextImage.cellWidth * helpScale) + 2 * margin,
                                 height: Double(helpLines.count * TextImage.cellHeight * helpScale) + 2 * margin)
            overlay.fill(box, color: [0, 0, 0, 0.8], viewport: viewport)
            overlay.text(ViewerState.help.uppercased(), x: box.x + margin, y: box.y + margin, scale: helpScale, viewport: viewport)
        }
    }
}
