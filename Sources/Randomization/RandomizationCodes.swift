/// Randomization codes in Sealed Envelope's style: two letters followed by the row number in
/// the list, e.g. `KD1`, `QA2`, … `TF469`.
///
/// The row number makes every code unique; the letters make a code hard to guess or mistype
/// into another valid one. The prefix is drawn for each row from the stream
/// `["randomization-codes"]` under the list seed: one bounded draw over the 325 unordered pairs
/// of distinct letters and, the first time a pair is drawn, one bounded draw over its two
/// orientations, which the pair then keeps. So no prefix is ever the reverse of another (as in
/// Sealed Envelope's lists). The codes depend only on (seed, number of rows).
public enum RandomizationCodes {
    static let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")

    public static func generate(count: Int, seed: UInt64) -> [String] {
        var generator = StreamKey(["randomization-codes"]).generator(seed: seed)
        var pairs: [(Character, Character)] = []
        for i in 0..<letters.count { for j in (i + 1)..<letters.count { pairs.append((letters[i], letters[j])) } }
        var orientation: [Int: Bool] = [:]
        return (0..<max(0, count)).map { row in
            let index = generator.nextIndex(below: pairs.count)
            let reversed: Bool
            if let known = orientation[index] {
                reversed = known
            } else {
                reversed = generator.nextIndex(below: 2) == 1
                orientation[index] = reversed
            }
            let (first, second) = pairs[index]
            return (reversed ? "\(second)\(first)" : "\(first)\(second)") + String(row + 1)
        }
    }
}
