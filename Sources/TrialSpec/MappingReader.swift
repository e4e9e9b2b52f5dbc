import Foundation
import Yams

/// One YAML mapping read as a protocol object: typed access to its values, with every
/// missing key, wrong type and unknown key reported to a `ProblemSink` at its line and column.
struct MappingReader {
    let mapping: Node.Mapping
    /// Where the mapping starts (for problems about the mapping as a whole).
    let mark: Mark?
    /// What the mapping describes, e.g. "arm" or "visit window", used in messages; refined
    /// (e.g. to "visit `post`") once the object's name is known.
    var what: String

    /// Reads `node` as a mapping whose allowed keys are `keys`; reports a non-mapping node
    /// and every unknown key. Returns nil when the node is not a mapping.
    init?(_ node: Node, what: String, keys: [String], sink: inout ProblemSink) {
        guard case .mapping(let mapping) = node else {
            sink.add(at: node.mark, "\(what) must be a mapping of keys to values, not \(describe(node))")
            return nil
        }
        self.mapping = mapping; self.mark = node.mark; self.what = what
        for (key, _) in mapping {
            let name = key.scalar?.string ?? ""
            if name == "seed" {
                sink.add(at: key.mark, "`seed` is not allowed in a protocol: the randomization seed is "
                    + "secret and is given only when the allocation list is generated; remove this key")
            } else if !keys.contains(name) {
                let allowed = keys.map { "`\($0)`" }.joined(separator: ", ")
                sink.add(at: key.mark, "unknown key `\(name)` in \(what)"
                    + Suggestion.hint(for: name, among: keys) + " (allowed: \(allowed))")
            }
        }
    }

    /// The value of `key`, or nil when the key is absent or its value is null.
    func node(_ key: String) -> Node? {
        guard let value = mapping[key], !isNull(value) else { return nil }
        return value
    }

    /// The mark of `key`'s value, or of the key itself, or of the mapping.
    func markOf(_ key: String) -> Mark? {
        if let value = mapping[key], let mark = value.mark, !isNull(value) { return mark }
        return mapping.first { $0.key.scalar?.string == key }?.key.mark ?? mark
    }

    /// `key`'s value when present; reports a missing or empty required key.
    func required(_ key: String, _ sink: inout ProblemSink) -> Node? {
        if let value = node(key) { return value }
        if mapping[key] != nil {
            sink.add(at: markOf(key), "`\(key)` in \(what) has no value; give one")
        } else {
            sink.add(at: mark, "\(what) is missing required key `\(key)`")
        }
        return nil
    }

    private func value(_ key: String, required: Bool, _ sink: inout ProblemSink) -> Node? {
        required ? self.required(key, &sink) : node(key)
    }

    func string(_ key: String, required: Bool = false, _ sink: inout ProblemSink) -> String? {
        value(key, required: required, &sink).flatMap { readString($0, name: "`\(key)`", &sink) }
    }

    func int(_ key: String, required: Bool = false, _ sink: inout ProblemSink) -> Int? {
        value(key, required: required, &sink).flatMap { readInt($0, name: "`\(key)`", &sink) }
    }

    func number(_ key: String, required: Bool = false, _ sink: inout ProblemSink) -> Double? {
        value(key, required: required, &sink).flatMap { readNumber($0, name: "`\(key)`", &sink) }
    }

    func bool(_ key: String, required: Bool = false, _ sink: inout ProblemSink) -> Bool? {
        guard let node = value(key, required: required, &sink) else { return nil }
        if case .scalar(let scalar) = node, node.tag.rawValue == Tag.Name.bool.rawValue,
           let value = Bool.construct(from: scalar) {
            return value
        }
        sink.add(at: node.mark, "`\(key)` must be true or false, not \(describe(node))")
        return nil
    }

    func list(_ key: String, required: Bool = false, _ sink: inout ProblemSink) -> [Node]? {
        guard let node = value(key, required: required, &sink) else { return nil }
        guard case .sequence(let sequence) = node else {
            sink.add(at: node.mark, "`\(key)` must be a list, not \(describe(node))")
            return nil
        }
        return Array(sequence)
    }

    /// A list of texts with the mark of each; items that are not text are reported and skipped.
    func stringList(_ key: String, required: Bool = false,
                    _ sink: inout ProblemSink) -> [(value: String, mark: Mark?)]? {
        list(key, required: required, &sink)?.compactMap { item in
            readString(item, name: "each entry of `\(key)`", &sink).map { ($0, item.mark) }
        }
    }

    /// A value that must be one of an enumeration's raw values.
    func choice<E: RawRepresentable & CaseIterable>(
        _ key: String, required: Bool = false, _ sink: inout ProblemSink
    ) -> E? where E.RawValue == String {
        guard let node = value(key, required: required, &sink),
              let text = readString(node, name: "`\(key)`", &sink) else { return nil }
        if let value = E(rawValue: text) { return value }
        let names = E.allCases.map(\.rawValue)
        let allowed = names.map { "`\($0)`" }.joined(separator: ", ")
        sink.add(at: node.mark, "`\(key)` must be one of \(allowed), not `\(text)`"
            + Suggestion.hint(for: text, among: names))
        return nil
    }
}

// MARK: - Scalars

/// A non-empty text scalar (numbers and booleans are taken as written), trimmed and in
/// Unicode normalization form C, so that `ø` typed as one code point or as `o` + combining
/// stroke is stored identically.
func readString(_ node: Node, name: String, _ sink: inout ProblemSink) -> String? {
    guard case .scalar(let scalar) = node, !isNull(node) else {
        sink.add(at: node.mark, "\(name) must be text, not \(describe(node))")
        return nil
    }
    let text = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
    guard !text.isEmpty else {
        sink.add(at: node.mark, "\(name) is empty; give a value")
        return nil
    }
    return text
}

/// A whole number written in plain decimal digits (no quotes, octal, hex or sexagesimal forms).
func readInt(_ node: Node, name: String, _ sink: inout ProblemSink) -> Int? {
    if case .scalar(let scalar) = node, scalar.style == .plain,
       scalar.string.wholeMatch(of: /[-+]?[0-9]+/) != nil {
        if let value = Int(scalar.string.hasPrefix("+") ? String(scalar.string.dropFirst()) : scalar.string) {
            return value
        }
        sink.add(at: node.mark, "\(name) is too large: \(scalar.string)")
        return nil
    }
    sink.add(at: node.mark, "\(name) must be a whole number, not \(describe(node))")
    return nil
}

/// A finite decimal number such as `4`, `0.25` or `1e-3`.
func readNumber(_ node: Node, name: String, _ sink: inout ProblemSink) -> Double? {
    if case .scalar(let scalar) = node, scalar.style == .plain,
       scalar.string.wholeMatch(of: /[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?/) != nil,
       let value = Double(scalar.string), value.isFinite {
        return value
    }
    sink.add(at: node.mark, "\(name) must be a number, not \(describe(node))")
    return nil
}

func isNull(_ node: Node) -> Bool {
    guard case .scalar(let scalar) = node else { return false }
    return scalar.style == .plain && node.tag.rawValue == Tag.Name.null.rawValue
}

/// A short description of a node for "must be X, not Y" messages.
func describe(_ node: Node) -> String {
    switch node {
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias (`*name`); write the value out"
    case .scalar(let scalar):
        if isNull(node) { return "an empty value" }
        if scalar.style != .plain { return "the quoted text `\(scalar.string)`" }
        switch Tag.Name(rawValue: node.tag.rawValue) {
        case .int, .float: return "the number \(scalar.string)"
        case .bool: return "the boolean `\(scalar.string)`"
        default: return "the text `\(scalar.string)`"
        }
    }
}
