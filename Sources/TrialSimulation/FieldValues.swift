import Foundation
import Randomization
import TrialCore

/// Plausible values for fields that are not score items, by kind and declared rules.
///
/// Numbers: a participant's own level, uniform over the soft range (else the hard range; else
/// 0…100), ± 2% of the range per visit, with the field's decimals. Yes/no: required questions (inclusion criteria, consent) are answered yes; others
/// yes or no at random. Choices: one code at random; multichoice one or two codes. Dates: the
/// visit date or up to 3 days before; date-times on the visit date, 08:00–17:59. Text: a string
/// matching the field's `pattern` (character classes, literals and counted repeats), else a
/// short phrase. An optional field is left empty 5% of the time; a field with branching logic
/// half the time. Records that still break a rule (branching logic, edit checks, also warnings
/// and notes) are drawn again by ``TrialDataSimulator`` until the protocol's own validator reports
/// nothing.
enum FieldValues {
    /// - Parameter level: a uniform draw in [0, 1) kept per participant and field, so numbers
    ///   (weight, height) stay near the participant's own level from visit to visit.
    static func value(_ field: Field, visitDate: CalendarDate, level: Double, generator: inout Xoshiro256StarStar) -> String {
        let blankChance = field.showIf != nil ? 0.5 : (field.required ? 0 : 0.05)
        if blankChance > 0 && generator.nextUnitDouble() < blankChance { return "" }
        switch field.kind {
        case .integer, .decimal:
            let low = field.softMin ?? field.min ?? 0, high = field.softMax ?? field.max ?? max(low + 100, 100)
            let jitter = 0.02 * (2 * generator.nextUnitDouble() - 1)
            let raw = low + (high - low) * min(max(level + jitter, 0), 1)
            if field.kind == .integer { return String(Int(min(max(raw.rounded(), low.rounded(.up)), high.rounded(.down)))) }
            return ItemResponses.format(raw, decimals: field.decimals ?? 1)
        case .yesno:
            return field.required || generator.nextUnitDouble() < 0.5 ? "1" : "0"
        case .choice:
            return field.choices.isEmpty ? "" : field.choices[generator.nextIndex(below: field.choices.count)].code
        case .multichoice:
            guard !field.choices.isEmpty else { return "" }
            var codes = field.choices.map(\.code)
            generator.shuffle(&codes, count: codes.count)
            return codes.prefix(1 + generator.nextIndex(below: min(2, codes.count))).joined(separator: "|")
        case .date:
            return CalendarDate(dayNumber: visitDate.dayNumber - generator.nextIndex(below: 4)).description
        case .datetime:
            let hour = 8 + generator.nextIndex(below: 10), minute = generator.nextIndex(below: 60)
            return visitDate.description + "T" + String(format: "%02d:%02d", hour, minute)
        case .text:
            if let pattern = field.pattern { return PatternSampler.sample(pattern, generator: &generator) }
            return ["Simulated entry", "No remarks", "See source document"][generator.nextIndex(below: 3)]
        case .calculated:
            return ""
        }
    }
}

/// Draws a string matching a simple regular expression: literals, `.`, `\d`, `\w`, bracket
/// classes with ranges (`[A-Z0-9]`), and the repeats `?`, `*`, `+`, `{n}`, `{n,m}`. Anything
/// else is copied literally, so a complex pattern may give a string the validator refuses; the
/// record is then drawn again, and in the end left to the validator's report.
enum PatternSampler {
    static func sample(_ pattern: String, generator: inout Xoshiro256StarStar) -> String {
        var characters = Array(pattern)
        if characters.first == "^" { characters.removeFirst() }
        if characters.last == "$" { characters.removeLast() }
        var output = ""
        var index = 0
        while index < characters.count {
            var choices: [Character]
            let c = characters[index]
            index += 1
            if c == "[" {
                choices = []
                while index < characters.count && characters[index] != "]" {
                    let start = characters[index]
                    if index + 2 < characters.count && characters[index + 1] == "-" && characters[index + 2] != "]",
                       let a = start.unicodeScalars.first?.value, let b = characters[index + 2].unicodeScalars.first?.value, a <= b {
                        choices += (a...b).compactMap { Unicode.Scalar($0).map(Character.init) }
                        index += 3
                    } else {
                        choices.append(start); index += 1
                    }
                }
                index += 1
            } else if c == "\\" && index < characters.count {
                let escaped = characters[index]; index += 1
                switch escaped {
                case "d": choices = Array("0123456789")
                case "w": choices = Array("abcdefghijklmnopqrstuvwxyz0123456789")
                default: choices = [escaped]
                }
            } else if c == "." {
                choices = Array("abcdefghijklmnopqrstuvwxyz")
            } else {
                choices = [c]
            }
            var count = 1
            if index < characters.count {
                switch characters[index] {
                case "?": count = generator.nextIndex(below: 2); index += 1
                case "*": count = generator.nextIndex(below: 4); index += 1
                case "+": count = 1 + generator.nextIndex(below: 3); index += 1
                case "{":
                    if let close = characters[index...].firstIndex(of: "}") {
                        let bounds = String(characters[(index + 1)..<close]).split(separator: ",", omittingEmptySubsequences: false)
                        let low = Int(bounds.first ?? "") ?? 1
                        let high = bounds.count > 1 ? (Int(bounds[1]) ?? low + 3) : low
                        count = low + generator.nextIndex(below: max(1, high - low + 1))
                        index = close + 1
                    }
                default: break
                }
            }
            if choices.isEmpty { continue }
            for _ in 0..<count { output.append(choices[generator.nextIndex(below: choices.count)]) }
        }
        return output
    }
}
