import Foundation

/// The order R gives text factor levels: `sort()` with the locale's collation.
///
/// R on Linux and macOS is built with ICU, and in `en_US.UTF-8` and `C.UTF-8` locales it
/// collates with ICU's root collation (CLDR/DUCET), at tertiary strength. This type
/// reproduces that order (checked against R 4.2 / ICU 72 in
/// `fixtures/reference/model_matrix/collation.json`):
/// 1. **primary** — characters compared case- and accent-blind, in the order
///    whitespace, punctuation `_ - , ; : ! ? . ' " ( ) [ ] { } @ * / \ & # % \` ^ + < = > | ~ $`,
///    digits `0–9`, then letters `a–z` (so `"10" < "9"` and `"a_b" < "ab"`);
/// 2. **secondary** — accents: a base letter before the same letter with an accent, accents
///    ordered acute, grave, breve, circumflex, caron, ring, diaeresis, double acute, tilde,
///    dot, cedilla, ogonek, macron, stroke (`å`, `ø`, `é` sort just after `a`, `o`, `e`);
///    `æ`, `œ`, `ß` sort as `ae`, `oe`, `ss` with a secondary difference;
/// 3. **tertiary** — case: lowercase before uppercase (`a < A < b < B`);
/// 4. ties (strings equal at all three levels) by Unicode scalar values, for a total order.
///
/// Exact for ASCII letters, digits and punctuation and for Latin letters with the common
/// diacritics; letters of other scripts follow Latin by code point and non-ASCII symbols are
/// placed approximately (currency after `$`, dashes after `-`, other symbols before `` ` ``).
/// R in the C locale (`LC_COLLATE=C`) or built without ICU sorts by bytes instead — set
/// levels explicitly (`referenceLevels`) when the order matters.
public enum LevelCollation {
    /// Sorts text levels as R's `sort()` does (see the type's documentation).
    public static func sorted(_ levels: [String]) -> [String] {
        if let keys = ASCIICollationKey.keys(levels) {
            return zip(keys, levels).sorted { $0.0.lexicographicallyPrecedes($1.0) }.map(\.1)
        }
        return levels.map { (key: CollationKey($0), level: $0) }
            .sorted { $0.key < $1.key }
            .map(\.level)
    }

    /// `true` when `a` sorts before `b`.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        CollationKey(a) < CollationKey(b)
    }
}

/// A string's ICU-root-style sort key: primary, secondary and tertiary weight sequences.
struct CollationKey: Comparable {
    var primary: [UInt32] = []
    var secondary: [UInt16] = []
    var tertiary: [UInt8] = []
    var scalars: [UInt32] = []

    static func < (lhs: CollationKey, rhs: CollationKey) -> Bool {
        if lhs.primary != rhs.primary { return lhs.primary.lexicographicallyPrecedes(rhs.primary) }
        if lhs.secondary != rhs.secondary { return lhs.secondary.lexicographicallyPrecedes(rhs.secondary) }
        if lhs.tertiary != rhs.tertiary { return lhs.tertiary.lexicographicallyPrecedes(rhs.tertiary) }
        return lhs.scalars.lexicographicallyPrecedes(rhs.scalars)
    }

    private static let common: UInt16 = 5
    static let asciiOrder = Array(" _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789".unicodeScalars)
    static let asciiWeights: [UInt32: UInt32] = {
        var weights: [UInt32: UInt32] = ["\t", "\n", "\u{0B}", "\u{0C}", "\r"].enumerated()
            .reduce(into: [:]) { $0[$1.element.unicodeScalars.first!.value] = UInt32($1.offset + 1) * 100 }
        for (index, scalar) in asciiOrder.enumerated() { weights[scalar.value] = UInt32(index + 10) * 100 }
        return weights
    }()
    private static func weight(of character: Character) -> UInt32 {
        asciiWeights[character.unicodeScalars.first!.value]!
    }
    static func letter(_ ascii: Character) -> UInt32 {
        10_000 + UInt32(ascii.asciiValue! - Character("a").asciiValue!) * 100
    }

    /// Secondary weights of combining accents (DUCET order), above `common`.
    private static let accentOrder: [UInt32] = [
        0x301, 0x300, 0x306, 0x302, 0x30C, 0x30A, 0x308, 0x30B, 0x303, 0x307, 0x327, 0x328, 0x304,
    ]
    private static let stroke: UInt16 = 40, eth: UInt16 = 41, ligature: UInt16 = 42

    init(_ string: String) {
        for scalar in string.decomposedStringWithCanonicalMapping.unicodeScalars {
            scalars.append(scalar.value)
            append(scalar)
        }
    }

    private mutating func element(_ primary: UInt32, upper: Bool, accent: UInt16 = 0) {
        self.primary.append(primary)
        secondary.append(Self.common)
        tertiary.append(upper ? 1 : 0)
        if accent > 0 { secondary.append(accent); tertiary.append(0) }
    }

    private mutating func append(_ scalar: Unicode.Scalar) {
        let value = scalar.value
        let upper = scalar.properties.isUppercase
        if scalar.isASCII {
            let character = Character(scalar)
            if character.isLetter {
                element(Self.letter(Character(character.lowercased())), upper: upper)
            } else if let weight = Self.asciiWeights[value] {
                element(weight, upper: false)
            }  // other control characters are ignorable
            return
        }
        if let index = Self.accentOrder.firstIndex(of: value) {
            secondary.append(Self.common + 1 + UInt16(index))
            tertiary.append(0)
            return
        }
        if (0x300...0x36F).contains(value) {
            secondary.append(Self.common + 20 + UInt16(value - 0x300))
            tertiary.append(0)
            return
        }
        switch value {
        case 0xE6, 0xC6: expansion("a", "e", upper: upper)            // æ Æ
        case 0x153, 0x152: expansion("o", "e", upper: upper)          // œ Œ
        case 0xDF, 0x1E9E: expansion("s", "s", upper: upper)          // ß ẞ
        case 0xF8, 0xD8: element(Self.letter("o"), upper: upper, accent: Self.stroke)  // ø Ø
        case 0x111, 0x110: element(Self.letter("d"), upper: upper, accent: Self.stroke) // đ Đ
        case 0x142, 0x141: element(Self.letter("l"), upper: upper, accent: Self.stroke) // ł Ł
        case 0xF0, 0xD0: element(Self.letter("d"), upper: upper, accent: Self.eth)     // ð Ð
        case 0x131: element(Self.letter("i") + 50, upper: false)                       // ı
        case 0x14B, 0x14A: element(Self.letter("n") + 50, upper: upper)                // ŋ Ŋ
        case 0xFE, 0xDE: element(Self.letter("z") + 50, upper: upper)                  // þ Þ
        case 0xB5: element(20_000 + 0x3BC, upper: false)                               // µ = μ
        default: other(scalar, upper: upper)
        }
    }

    private mutating func expansion(_ first: Character, _ second: Character, upper: Bool) {
        element(Self.letter(first), upper: upper, accent: Self.ligature)
        element(Self.letter(second), upper: upper)
    }

    private mutating func other(_ scalar: Unicode.Scalar, upper: Bool) {
        let properties = scalar.properties
        if properties.isAlphabetic {
            let lower = properties.lowercaseMapping.unicodeScalars.first?.value ?? scalar.value
            element(20_000 + lower, upper: upper)
            return
        }
        let fraction = scalar.value % 100  // keeps distinct symbols apart within their slot
        switch properties.generalCategory {
        case .currencySymbol: element(Self.weight(of: "$") + 1 + fraction % 99, upper: false)
        case .dashPunctuation: element(Self.weight(of: "-") + 1 + fraction % 99, upper: false)
        case .spaceSeparator: element(Self.weight(of: " ") + 1, upper: false)
        case .nonspacingMark, .enclosingMark, .spacingMark, .control, .format: break
        default: element(Self.weight(of: "`") - 50 + fraction % 49, upper: false)
        }
    }
}
