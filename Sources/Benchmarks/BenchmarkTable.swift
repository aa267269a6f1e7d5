import Foundation

/// A named group of measurements that can be selected on the command line.
struct BenchmarkSection: Sendable {
    let name: String
    let run: @Sendable (inout BenchmarkTable) -> Void
}

/// Rows of (benchmark, measurement, value, target) printed as an aligned table.
struct BenchmarkTable {
    private var rows: [[String]] = []

    /// Adds a row and echoes it immediately (long runs show progress).
    mutating func add(_ benchmark: String, _ measurement: String, _ value: String, target: String = "") {
        rows.append([benchmark, measurement, value, target])
        FileHandle.standardError.write("  \(benchmark) | \(measurement) | \(value)\n".data(using: .utf8)!)
    }

    /// Prints the table to standard output.
    func print() {
        let header = ["benchmark", "measurement", "value", "target"]
        let all = [header] + rows
        let widths = (0..<4).map { column in all.map { $0[column].count }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            "| " + zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |"
        }
        Swift.print(line(header))
        Swift.print("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|")
        for row in rows { Swift.print(line(row)) }
    }
}

/// Seconds taken by `body`, best of `repeats` runs after one warm-up.
func measureSeconds(repeats: Int = 3, _ body: () -> Void) -> Double {
    body()
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return best
}
