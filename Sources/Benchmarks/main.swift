/// Prints the performance table of shared/DESIGN.md's targets. Run in release mode:
///   swift run -c release Benchmarks [SECTION...] [--layers NAME,...]
/// `--layers` keeps only the convolution layers of the "tensors" section whose names contain
/// one of the given words (for example `--layers unpack5,shortcut`).
import Tensors

let sections: [BenchmarkSection] = [imagingBenchmarks, tensorsBenchmarks, tensorOpsBenchmarks, renderBenchmarks, fusionBenchmarks, refinementBenchmarks, modelBenchmarks, viewerBenchmarks, reconstructBenchmarks]

MemoryAllocator.retainLargeBuffers()
let chosen = Set(BenchmarkArguments.sections)
var table = BenchmarkTable()
for section in sections where chosen.isEmpty || chosen.contains(section.name) {
    section.run(&table)
}
table.print()
