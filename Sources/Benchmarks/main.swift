/// Prints the performance table of shared/DESIGN.md's targets. Run in release mode:
///   swift run -c release Benchmarks [SECTION...]
import Tensors

let sections: [BenchmarkSection] = [imagingBenchmarks, tensorsBenchmarks, tensorOpsBenchmarks, renderBenchmarks, fusionBenchmarks, refinementBenchmarks, modelBenchmarks, viewerBenchmarks, reconstructBenchmarks]

MemoryAllocator.retainLargeBuffers()
let chosen = Set(CommandLine.arguments.dropFirst())
var table = BenchmarkTable()
for section in sections where chosen.isEmpty || chosen.contains(section.name) {
    section.run(&table)
}
table.print()
