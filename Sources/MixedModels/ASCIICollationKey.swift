/// `CollationKey` for all-ASCII strings as one compact byte array, compared bytewise.
///
/// For ASCII, `CollationKey` has one primary weight per non-ignorable character, a secondary
/// weight that is the same (`common`) for every one of them, a tertiary 0/1 (lower/upper case)
/// per primary, and the scalars. Secondary weights therefore never decide between two ASCII
/// strings (equal primaries mean equally many of them), and
///
///     primary ranks (each ≥ 1) · 0 · tertiary bytes · 0 · the string's bytes
///
/// compared lexicographically gives the same order as `CollationKey.<`: a primary sequence
/// that is a prefix of another meets the 0 separator against a rank ≥ 1 and sorts first, as
/// `lexicographicallyPrecedes` does; equal primaries have tertiary sequences of equal length.
enum ASCIICollationKey {
    /// Rank (1-based) of each ASCII byte's primary weight, 0 for ignorable control characters.
    static let ranks: [UInt8] = {
        var weights = [UInt32](repeating: 0, count: 128)
        for byte in 0..<128 {
            let scalar = Unicode.Scalar(UInt8(byte))
            let character = Character(scalar)
            if character.isLetter {
                weights[byte] = CollationKey.letter(Character(character.lowercased()))
            } else if let weight = CollationKey.asciiWeights[UInt32(byte)] {
                weights[byte] = weight
            }
        }
        let distinct = Array(Set(weights.filter { $0 > 0 })).sorted()
        let rank = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, UInt8($0 + 1)) })
        return weights.map { $0 == 0 ? 0 : rank[$0]! }
    }()

    /// The byte keys of `strings`, or nil when one of them is not all ASCII.
    static func keys(_ strings: [String]) -> [[UInt8]]? {
        var result: [[UInt8]] = []
        result.reserveCapacity(strings.count)
        for string in strings {
            guard let key = key(string) else { return nil }
            result.append(key)
        }
        return result
    }

    static func key(_ string: String) -> [UInt8]? {
        var string = string
        string.makeContiguousUTF8()
        return string.utf8.withContiguousStorageIfAvailable { bytes -> [UInt8]? in
            var key: [UInt8] = []
            key.reserveCapacity(3 * bytes.count + 2)
            for byte in bytes {
                guard byte < 0x80 else { return nil }
                let rank = ranks[Int(byte)]
                if rank > 0 { key.append(rank) }
            }
            key.append(0)
            for byte in bytes where ranks[Int(byte)] > 0 {
                key.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? 1 : 0)
            }
            key.append(0)
            key.append(contentsOf: bytes)
            return key
        } ?? nil
    }
}
