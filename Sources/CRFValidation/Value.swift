import Foundation

/// A field value during validation and expression evaluation.
///
/// Evaluation uses three-valued logic: `empty` (and a missing-value code, `coded`) is an
/// unknown value, `invalid` marks a value that failed validation (already reported) so that
/// nothing built on it raises a second issue.
enum Value: Equatable {
    /// No value: a blank cell, or no such record.
    case empty
    /// A missing-value code (its index in the field's `missingCodes`).
    case coded(Int)
    /// A value that failed validation.
    case invalid
    /// A valid text that no expression reads, so it was not copied out of the file.
    case present
    case number(Double)
    case text(String)
    /// Days since 1970-01-01.
    case date(Int)
    /// Seconds since 1970-01-01T00:00:00.
    case datetime(Double)
    case boolean(Bool)
    /// The index of a choice code.
    case choice(Int)
    /// The set of selected choice indices of a multichoice field, as bits.
    case choices(UInt64)

    /// Empty or coded: no usable value, but not an error.
    var isMissing: Bool {
        switch self {
        case .empty, .coded: true
        default: false
        }
    }

    /// The cell held something other than a missing-value code (valid or not).
    var hasEnteredValue: Bool {
        switch self {
        case .empty, .coded: false
        default: true
        }
    }
}

/// Byte-level helpers for cells (ASCII whitespace trimming, comparisons), so the hot path
/// allocates nothing.
enum Bytes {
    static func trimmed(_ cell: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0, end = cell.count
        while start < end, cell[start] == 0x20 || cell[start] == 0x09 { start += 1 }
        while end > start, cell[end - 1] == 0x20 || cell[end - 1] == 0x09 { end -= 1 }
        return UnsafeBufferPointer(rebasing: cell[start..<end])
    }

    static func equal(_ cell: UnsafeBufferPointer<UInt8>, _ code: [UInt8]) -> Bool {
        guard cell.count == code.count else { return false }
        for index in 0..<code.count where cell[index] != code[index] { return false }
        return true
    }

    static func string(_ cell: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: cell, as: UTF8.self)
    }

    /// True when `bytes` is well-formed UTF-8.
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}

/// A number as written in a cell: its value, its decimal places and whether it had a point.
struct ParsedNumber {
    var value: Double
    var decimals: Int
    var hasPoint: Bool

    /// Powers of ten that are exact in a Double.
    private static let powers: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// 10^exponent (exact up to 10^22).
    static func powerOfTen(_ exponent: Int) -> Double {
        exponent < powers.count ? powers[exponent] : Foundation.pow(10, Double(exponent))
    }

    /// Parses `[+-]digits[.digits]` (also `.5` and `5.`); with `commaDecimal`, a comma may
    /// stand for the point. A number of at most 15 significant digits is converted exactly
    /// (integer ÷ power of ten, one rounding); longer ones go through the standard library.
    static func parse(_ cell: UnsafeBufferPointer<UInt8>, commaDecimal: Bool) -> ParsedNumber? {
        var index = 0
        var negative = false
        if index < cell.count, cell[index] == 0x2B || cell[index] == 0x2D {
            negative = cell[index] == 0x2D
            index += 1
        }
        var mantissa: UInt64 = 0, digits = 0, decimals = 0, hasPoint = false, exact = true
        while index < cell.count {
            let byte = cell[index]
            if byte >= 0x30, byte <= 0x39 {
                if mantissa > (1 << 53) / 10 { exact = false } else { mantissa = mantissa * 10 + UInt64(byte - 0x30) }
                digits += 1
                if hasPoint { decimals += 1 }
            } else if (byte == 0x2E || (commaDecimal && byte == 0x2C)), !hasPoint {
                hasPoint = true
            } else {
                return nil
            }
            index += 1
        }
        guard digits > 0 else { return nil }
        var value: Double
        if exact, decimals < powers.count {
            value = Double(mantissa) / powers[decimals]
        } else {
            var text = String(decoding: cell, as: UTF8.self)
            if commaDecimal { text = String(text.map { $0 == "," ? "." : $0 }) }
            guard let parsed = Double(text), parsed.isFinite else { return nil }
            return ParsedNumber(value: parsed, decimals: decimals, hasPoint: hasPoint)
        }
        if negative { value = -value }
        return ParsedNumber(value: value, decimals: decimals, hasPoint: hasPoint)
    }
}
