import Foundation
import TrialCore

/// How `crf enter` describes what a field accepts: kind, range, choices, missing-value codes.
enum FieldPrompt {
    /// E.g. `whole number 0–4; missing: -9 Not applicable; required`.
    static func describe(_ field: Field) -> String {
        var parts: [String] = []
        switch field.kind {
        case .integer: parts.append("whole number" + range(field))
        case .decimal:
            parts.append("number" + range(field)
                + (field.decimals.map { ", at most \($0) decimal place\($0 == 1 ? "" : "s")" } ?? ""))
        case .calculated: parts.append("calculated")
        case .text: parts.append(field.pattern.map { "text matching `\($0)`" } ?? "text")
        case .date: parts.append("date YYYY-MM-DD, or `today`")
        case .datetime: parts.append("date and time YYYY-MM-DDTHH:MM, or `now`")
        case .yesno: parts.append("1 = yes, 0 = no")
        case .choice: parts.append(choices(field) + " (code or label)")
        case .multichoice: parts.append("one or more of " + choices(field) + ", separated by |")
        }
        if field.softMin != nil || field.softMax != nil {
            parts.append("expected " + bounds(field.softMin, field.softMax))
        }
        if !field.missingCodes.isEmpty {
            parts.append("missing: " + field.missingCodes.map { "\($0.code) \($0.label)" }.joined(separator: ", "))
        }
        if field.required { parts.append("required") }
        return parts.joined(separator: "; ")
    }

    /// What an answer stands for before it is checked: `today` (a date field), `now` (a
    /// date-time field, UTC to the minute), or a choice label typed instead of its code (case
    /// ignored; only when the answer is not itself a code). Anything else is returned as typed.
    static func shorthand(_ answer: String, for field: Field) -> String {
        switch field.kind {
        case .date where answer.lowercased() == "today": return today()
        case .datetime where answer.lowercased() == "now":
            let format = ISO8601DateFormatter()
            format.timeZone = TimeZone(identifier: "UTC")
            format.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
            return String(format.string(from: Date()).prefix(16))
        case .choice where !field.choices.contains(where: { $0.code == answer }):
            let matches = field.choices.filter { $0.label.lowercased() == answer.lowercased() }
            return matches.count == 1 ? matches[0].code : answer
        default: return answer
        }
    }

    /// Today's date (UTC) as YYYY-MM-DD.
    static func today() -> String {
        ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
    }

    private static func choices(_ field: Field) -> String {
        field.choices.map { $0.code == $0.label ? $0.code : "\($0.code) = \($0.label)" }.joined(separator: ", ")
    }

    private static func range(_ field: Field) -> String {
        field.min == nil && field.max == nil ? "" : " " + bounds(field.min, field.max)
    }

    private static func bounds(_ low: Double?, _ high: Double?) -> String {
        switch (low, high) {
        case let (low?, high?): return "\(number(low))–\(number(high))"
        case let (low?, nil): return "≥ \(number(low))"
        case let (nil, high?): return "≤ \(number(high))"
        default: return ""
        }
    }

    /// `18`, `2.5`; at most 6 decimals for computed values.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
