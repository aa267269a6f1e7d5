import ArgumentParser

/// Parses a `WxH` size such as `256x192`; the error names the option and the value.
func parseSize(_ text: String, option: String) throws -> (width: Int, height: Int) {
    let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
    guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]), width > 0, height > 0 else {
        throw ValidationError("\(option) \(text): expected WIDTHxHEIGHT with positive integers, for example 256x192")
    }
    return (width, height)
}
