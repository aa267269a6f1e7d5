/// The Benchmarks command line: section names, and `--layers NAME,...` to time only some of the
/// "tensors" section's convolution layers.
enum BenchmarkArguments {
    /// The sections named on the command line (all sections when empty).
    static let sections: [String] = parsed.sections
    /// The words of `--layers`; a layer is timed when its name contains one of them (all when empty).
    static let layerWords: [String] = parsed.layerWords

    private static let parsed: (sections: [String], layerWords: [String]) = {
        var sections: [String] = [], words: [String] = []
        var arguments = CommandLine.arguments.dropFirst()[...]
        while let argument = arguments.popFirst() {
            if argument == "--layers", let list = arguments.popFirst() {
                words += list.split(separator: ",").map(String.init)
            } else if argument.hasPrefix("--layers=") {
                words += argument.dropFirst("--layers=".count).split(separator: ",").map(String.init)
            } else {
                sections.append(argument)
            }
        }
        return (sections, words)
    }()
}
