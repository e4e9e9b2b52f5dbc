import Foundation
import TrialCore

/// A field prepared for reading cells: codes as bytes, the pattern compiled once, ranges as
/// plain numbers. A class, so the per-cell loop passes one reference instead of copying.
final class FieldPlan {
    let field: Field
    let name: String
    let kind: Field.Kind
    let min, max, softMin, softMax: Double?
    let required: Bool
    let choiceCodes: [[UInt8]]
    /// Each choice code as a number, when it reads as one (for `[choice] >= 2`).
    let numericCodes: [Double?]
    let missingCodes: [[UInt8]]
    let regex: NSRegularExpression?
    /// Keep text values (they are read by an expression or matched to a pattern).
    let keepsText: Bool

    init(field: Field, keepsText: Bool) {
        self.field = field
        name = field.name
        kind = field.kind
        min = field.min; max = field.max; softMin = field.softMin; softMax = field.softMax
        required = field.required
        choiceCodes = field.choices.map { Array($0.code.utf8) }
        numericCodes = field.choices.map { Double($0.code) }
        missingCodes = field.missingCodes.map { Array($0.code.utf8) }
        // \A(?:…)\z: the whole text must match, even across line breaks.
        regex = field.pattern.flatMap { try? NSRegularExpression(pattern: "\\A(?:" + $0 + ")\\z") }
        self.keepsText = keepsText || field.kind == .text && field.pattern != nil
    }

    /// Why a cell was refused: the issue code and a message that shows no value.
    struct Refusal: Error {
        var code: IssueCode
        var message: String
    }

    /// The value of a trimmed cell: empty, a missing-value code, or a value of the field's
    /// kind. Ranges are checked by the caller. `commaDecimal` allows `3,5` for 3.5.
    func read(_ cell: UnsafeBufferPointer<UInt8>, commaDecimal: Bool) -> Result<Value, Refusal> {
        if cell.isEmpty { return .success(.empty) }
        for (index, code) in missingCodes.enumerated() where Bytes.equal(cell, code) {
            return .success(.coded(index))
        }
        switch kind {
        case .integer:
            guard let number = ParsedNumber.parse(cell, commaDecimal: false) else {
                return refuse(.notANumber, "must be a whole number")
            }
            guard !number.hasPoint else {
                return refuse(.notAnInteger, "must be a whole number, without a decimal point")
            }
            return .success(.number(number.value))
        case .decimal, .calculated:
            guard let number = ParsedNumber.parse(cell, commaDecimal: commaDecimal) else {
                return refuse(.notANumber, "must be a number such as 2.5" + (commaDecimal ? " or 2,5" : ""))
            }
            if let places = field.decimals, number.decimals > places {
                return refuse(.tooManyDecimals, "may have at most \(places) decimal place\(places == 1 ? "" : "s")")
            }
            return .success(.number(number.value))
        case .yesno:
            if cell.count == 1, cell[0] == 0x31 { return .success(.number(1)) }
            if cell.count == 1, cell[0] == 0x30 { return .success(.number(0)) }
            return refuse(.invalidChoice, "must be 1 (yes) or 0 (no)")
        case .choice:
            for (index, code) in choiceCodes.enumerated() where Bytes.equal(cell, code) {
                return .success(.choice(index))
            }
            return refuse(.invalidChoice, "must be one of the codes " + codeList)
        case .multichoice:
            return readChoices(cell)
        case .date:
            guard let day = CalendarDate.parseDayNumber(cell) else {
                return refuse(.invalidDate, "must be a date written YYYY-MM-DD, e.g. 2024-01-31")
            }
            return .success(.date(day))
        case .datetime:
            guard let seconds = CalendarDate.parseTimestamp(cell) else {
                return refuse(.invalidDate, "must be a date and time written YYYY-MM-DDTHH:MM[:SS], e.g. 2024-01-31T09:30")
            }
            return .success(.datetime(seconds))
        case .text:
            guard keepsText else { return .success(.present) }
            let text = Bytes.string(cell)
            if let regex {
                let range = NSRange(text.startIndex..<text.endIndex, in: text)
                if regex.firstMatch(in: text, options: [], range: range) == nil {
                    return refuse(.patternMismatch, "does not match the pattern `\(field.pattern ?? "")`")
                }
            }
            return .success(.text(text))
        }
    }

    /// Codes separated by `|`; each must be a choice code, listed once.
    private func readChoices(_ cell: UnsafeBufferPointer<UInt8>) -> Result<Value, Refusal> {
        var selected: UInt64 = 0
        var start = 0
        for end in 0...cell.count where end == cell.count || cell[end] == 0x7C {
            let piece = Bytes.trimmed(UnsafeBufferPointer(rebasing: cell[start..<end]))
            start = end + 1
            guard let index = choiceCodes.firstIndex(where: { Bytes.equal(piece, $0) }) else {
                return refuse(.invalidChoice, "must be codes from " + codeList + " separated by `|`")
            }
            let bit: UInt64 = 1 << UInt64(index)
            if selected & bit != 0 {
                return refuse(.invalidChoice, "lists the same code twice")
            }
            selected |= bit
        }
        return .success(.choices(selected))
    }

    private var codeList: String {
        field.choices.map { "`\($0.code)`" }.joined(separator: ", ")
    }

    private func refuse(_ code: IssueCode, _ message: String) -> Result<Value, Refusal> {
        .failure(Refusal(code: code, message: message))
    }

    /// Reads a stored text (from `RecordLookup`): invalid values become `.invalid`.
    func read(stored text: String) -> Value {
        var text = text
        return text.withUTF8 { bytes in
            (try? read(Bytes.trimmed(bytes), commaDecimal: false).get()) ?? .invalid
        }
    }
}
