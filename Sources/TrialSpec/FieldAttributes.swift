import Foundation
import TrialCore
import Yams

/// The keys a field and an item generator share: kind, ranges, required, choices,
/// calculation, decimals, pattern, missing-value codes and branching logic.
struct FieldAttributes {
    static let keys = ["kind", "min", "max", "soft_min", "soft_max", "decimals", "pattern", "required",
                       "choices", "missing_codes", "show_if", "calculation"]
    static let choiceKeys = ["code", "label"]
    static let numericKinds: Set<Field.Kind> = [.integer, .decimal, .calculated]

    var kind: Field.Kind
    var min, max, softMin, softMax: Double?
    var decimals: Int?
    var pattern: String?
    var required: Bool
    var choices: [Choice]
    var calculation: String?
    var showIf: String?
    /// The field's own missing-value codes; nil when it takes the protocol's.
    var missingCodes: [MissingCode]?
    /// Where the expressions and codes were written, for problems found after all forms are read.
    var sources = ExpressionSources()

    struct ExpressionSources {
        var showIf: Node?
        var calculation: Node?
        var missingCodes: Mark?
    }

    func field(name: String, label: String) -> Field {
        Field(name: name, label: label, kind: kind, min: min, max: max, required: required,
              choices: choices, calculation: calculation, softMin: softMin, softMax: softMax,
              decimals: decimals, pattern: pattern, showIf: showIf, missingCodes: missingCodes ?? [])
    }

    /// Reads and checks the shared keys: ranges only on numeric kinds, whole numbers on
    /// integer fields, min ≤ max, the soft range inside the hard range; `decimals` only on
    /// decimal fields; `pattern` only on text fields and a valid regular expression;
    /// `choices` exactly on choice kinds; `calculation` exactly on calculated fields.
    /// Expressions are type-checked later, when every form and visit is known.
    static func decode(_ reader: MappingReader, _ sink: inout ProblemSink) -> FieldAttributes? {
        guard let kind: Field.Kind = reader.choice("kind", required: true, &sink) else { return nil }
        let bounds = decodeBounds(reader, kind: kind, &sink)
        let choices = decodeChoices(reader, kind: kind, &sink)
        let calculation = reader.string("calculation", &sink)
        if kind == .calculated, calculation == nil, reader.node("calculation") == nil {
            sink.add(at: reader.mark,
                     "\(reader.what) is calculated and needs `calculation`, the expression that computes it")
        } else if kind != .calculated, calculation != nil {
            sink.add(at: reader.markOf("calculation"), "`calculation` applies only to calculated fields; remove it")
        }
        var decimals = reader.int("decimals", &sink)
        if let places = decimals {
            if kind != .decimal {
                sink.add(at: reader.markOf("decimals"), "`decimals` applies only to decimal fields, not to a "
                    + "\(kind.rawValue) field; remove it")
                decimals = nil
            } else if !(0...15).contains(places) {
                sink.add(at: reader.markOf("decimals"), "`decimals` must be between 0 and 15, not \(places)")
                decimals = nil
            }
        }
        var pattern = reader.string("pattern", &sink)
        if let regex = pattern {
            if kind != .text {
                sink.add(at: reader.markOf("pattern"), "`pattern` applies only to text fields, not to a "
                    + "\(kind.rawValue) field; remove it")
                pattern = nil
            } else if let problem = regexProblem(regex) {
                sink.add(at: reader.markOf("pattern"), "`pattern` `\(regex)` is not a valid regular expression "
                    + "(\(problem))")
                pattern = nil
            }
        }
        let showIf = reader.string("show_if", &sink)
        var missingCodes: [MissingCode]?
        if reader.node("missing_codes") != nil {
            missingCodes = decodeMissingCodes(reader, key: "missing_codes", &sink)
        }
        var attributes = FieldAttributes(
            kind: kind, min: bounds["min"], max: bounds["max"], softMin: bounds["soft_min"],
            softMax: bounds["soft_max"], decimals: decimals, pattern: pattern,
            required: reader.bool("required", &sink) ?? false, choices: choices,
            calculation: calculation, showIf: showIf, missingCodes: missingCodes)
        attributes.sources = ExpressionSources(
            showIf: showIf == nil ? nil : reader.node("show_if"),
            calculation: calculation == nil ? nil : reader.node("calculation"),
            missingCodes: reader.markOf("missing_codes"))
        return attributes
    }

    private static func decodeBounds(_ reader: MappingReader, kind: Field.Kind,
                                     _ sink: inout ProblemSink) -> [String: Double] {
        var bounds: [String: Double] = [:]
        for key in ["min", "max", "soft_min", "soft_max"] {
            guard let value = reader.number(key, &sink) else { continue }
            if !numericKinds.contains(kind) {
                sink.add(at: reader.markOf(key), "`\(key)` applies only to integer, decimal and calculated "
                    + "fields, not to a \(kind.rawValue) field; remove it")
            } else if kind == .integer, value != value.rounded() {
                sink.add(at: reader.markOf(key),
                         "`\(key)` of an integer field must be a whole number, not \(format(value))")
            } else {
                bounds[key] = value
            }
        }
        for (low, high) in [("min", "max"), ("soft_min", "soft_max")] {
            if let a = bounds[low], let b = bounds[high], a > b {
                sink.add(at: reader.markOf(low), "`\(low)` (\(format(a))) is greater than `\(high)` (\(format(b)))")
            }
        }
        for key in ["soft_min", "soft_max"] {
            guard let soft = bounds[key] else { continue }
            if let low = bounds["min"], soft < low {
                sink.add(at: reader.markOf(key), "`\(key)` (\(format(soft))) lies below `min` (\(format(low))); "
                    + "the soft range must lie inside the hard range")
            } else if let high = bounds["max"], soft > high {
                sink.add(at: reader.markOf(key), "`\(key)` (\(format(soft))) lies above `max` (\(format(high))); "
                    + "the soft range must lie inside the hard range")
            }
        }
        return bounds
    }

    private static func decodeChoices(_ reader: MappingReader, kind: Field.Kind,
                                      _ sink: inout ProblemSink) -> [Choice] {
        let takesChoices = kind == .choice || kind == .multichoice
        guard let items = reader.list("choices", &sink) else {
            if takesChoices, reader.node("choices") == nil {
                sink.add(at: reader.mark, "\(reader.what) is a \(kind.rawValue) field and needs `choices`, "
                    + "a list of `code` and `label`")
            }
            return []
        }
        if !takesChoices {
            sink.add(at: reader.markOf("choices"), "`choices` applies only to choice and multichoice fields; remove it")
            return []
        }
        if items.count < 2 {
            sink.add(at: reader.markOf("choices"), "a \(kind.rawValue) field needs at least two choices")
        }
        if kind == .multichoice, items.count > 64 {
            sink.add(at: reader.markOf("choices"), "a multichoice field can have at most 64 choices, not \(items.count)")
        }
        var codes = NameRegistry(kind: "choice code")
        return items.compactMap { item -> Choice? in
            guard let choice = MappingReader(item, what: "choice", keys: choiceKeys, sink: &sink),
                  let code = choice.string("code", required: true, &sink) else { return nil }
            if kind == .multichoice, code.contains("|") {
                sink.add(at: choice.markOf("code"), "multichoice code `\(code)` contains `|`, which separates the "
                    + "codes of one answer in data files; choose another code")
                return nil
            }
            guard codes.define(code, at: choice.markOf("code"), &sink) else { return nil }
            return Choice(code: code, label: choice.string("label", &sink) ?? code)
        }
    }

    /// Why `pattern` does not compile as an ICU regular expression, or nil when it does.
    static func regexProblem(_ pattern: String) -> String? {
        do {
            _ = try NSRegularExpression(pattern: pattern)
            return nil
        } catch {
            return "the regular-expression engine refused it"
        }
    }
}

/// A `missing_codes` list (on a field, a generator or the protocol): `{code, label}` entries
/// with unique codes.
func decodeMissingCodes(_ reader: MappingReader, key: String, _ sink: inout ProblemSink) -> [MissingCode] {
    guard let items = reader.list(key, &sink) else { return [] }
    var codes = NameRegistry(kind: "missing-value code")
    return items.compactMap { item -> MissingCode? in
        guard let entry = MappingReader(item, what: "missing-value code", keys: FieldAttributes.choiceKeys, sink: &sink),
              let code = entry.string("code", required: true, &sink) else { return nil }
        guard codes.define(code, at: entry.markOf("code"), &sink) else { return nil }
        return MissingCode(code: code, label: entry.string("label", &sink) ?? code)
    }
}
