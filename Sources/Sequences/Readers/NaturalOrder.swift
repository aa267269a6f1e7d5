/// "Natural" file-name order, as people number files: digit runs compare by value, so
/// `frame2.png` comes before `frame10.png`; everything else compares character by character.
public enum NaturalOrder {
    /// Whether `a` comes before `b` in natural order (ties broken by plain string order, so the
    /// order is total: `frame01` and `frame1` have a fixed order).
    public static func precedes(_ a: String, _ b: String) -> Bool {
        let left = Array(a.unicodeScalars), right = Array(b.unicodeScalars)
        var i = 0, j = 0
        while i < left.count && j < right.count {
            if isDigit(left[i]) && isDigit(right[j]) {
                let leftRun = digitRun(left, from: &i), rightRun = digitRun(right, from: &j)
                if leftRun != rightRun {
                    return leftRun.count != rightRun.count ? leftRun.count < rightRun.count : leftRun.lexicographicallyPrecedes(rightRun)
                }
            } else {
                if left[i] != right[j] { return left[i].value < right[j].value }
                i += 1; j += 1
            }
        }
        if (left.count - i) != (right.count - j) { return left.count - i < right.count - j }
        return a < b
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    /// The digits starting at `index`, without leading zeros (so equal values compare equal);
    /// moves `index` past them.
    private static func digitRun(_ scalars: [Unicode.Scalar], from index: inout Int) -> [UInt32] {
        var digits: [UInt32] = []
        while index < scalars.count && isDigit(scalars[index]) {
            if !(digits.isEmpty && scalars[index] == "0") { digits.append(scalars[index].value) }
            index += 1
        }
        return digits
    }
}
