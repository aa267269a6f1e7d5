extension Tensor {
    /// The same values viewed with another shape of equal element count (shares storage).
    /// One extent may be `-1`, inferred from the others.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let unknown = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != unknown }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0, "reshaped: \(shape) cannot become \(newShape)")
            resolved[unknown] = count / known
        }
        precondition(resolved.reduce(1, *) == count, "reshaped: \(shape) vs \(newShape)")
        let input = self
        // d/dx reshape = identity on the flat values
        return .result(shape: resolved, storage: storage, inputs: [self]) { gradient in
            guard let target = input.gradientTarget() else { return }
            for index in 0..<input.count { target[index] += gradient[index] }
        }
    }
}
