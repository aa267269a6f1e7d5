/// Reads a video's frame rate from what ffprobe or ffmpeg print.
enum VideoFrameRate {
    /// Parses ffprobe's `-show_entries stream=avg_frame_rate` value: `30000/1001`, `10/1` or
    /// `25`; the first positive rate of the output's lines (`0/0` means unknown).
    static func parseProbe(_ output: String) -> Double? {
        for line in output.split(whereSeparator: \.isNewline) {
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: "/")
            let rate: Double?
            switch parts.count {
            case 1: rate = Double(parts[0])
            case 2:
                if let numerator = Double(parts[0]), let denominator = Double(parts[1]), denominator > 0 {
                    rate = numerator / denominator
                } else {
                    rate = nil
                }
            default: rate = nil
            }
            if let rate, rate > 0, rate.isFinite { return rate }
        }
        return nil
    }

    /// Parses the first video stream line of ffmpeg's log,
    /// `Stream #0:0(und): Video: h264 ..., 128x96, 10 fps, 10 tbr, 10240 tbn`: the number before
    /// ` fps`, else before ` tbr`.
    static func parseLog(_ log: String) -> Double? {
        guard let streamLine = log.split(whereSeparator: \.isNewline).first(where: { $0.contains("Stream #") && $0.contains("Video:") })
        else { return nil }
        let fields = streamLine.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for unit in [" fps", " tbr"] {
            for field in fields where field.hasSuffix(unit) {
                let number = field.dropLast(unit.count)
                let value: Double? = number.hasSuffix("k") ? Double(number.dropLast()).map { $0 * 1000 } : Double(number)
                if let value, value > 0, value.isFinite { return value }
            }
        }
        return nil
    }
}
