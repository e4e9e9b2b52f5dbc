import TrialCore
import Yams

/// The `visits` section: the assessment schedule.
///
/// Visits are listed in chronological order of their nominal day, and their windows
/// (day − before … day + after) may not overlap, so every assessment date belongs to at most
/// one visit.
enum VisitSection {
    static let keys = ["name", "label", "day", "window", "forms"]
    static let windowKeys = ["before", "after"]

    static func decode(_ node: Node, forms: NameRegistry, names: inout NameRegistry,
                       _ sink: inout ProblemSink) -> [Visit] {
        guard let items = sequence(node, name: "`visits`", &sink) else { return [] }
        if items.isEmpty { sink.add(at: node.mark, "`visits` is empty; define at least one visit") }
        var visits: [Visit] = []
        var previous: Visit?
        for item in items {
            guard var reader = MappingReader(item, what: "visit", keys: keys, sink: &sink) else { continue }
            let name = reader.string("name", required: true, &sink)
            if let name { reader.what = "visit `\(name)`" }
            if let name {
                checkIdentifier(name, kind: "visit name", at: reader.markOf("name"), &sink)
                names.define(name, at: reader.markOf("name"), &sink)
            }
            let day = reader.int("day", required: true, &sink)
            let window = reader.node("window").flatMap { decodeWindow($0, &sink) } ?? (0, 0)
            var formNames = NameRegistry(kind: "form", scope: "in visit `\(name ?? "?")`")
            for form in reader.stringList("forms", required: true, &sink) ?? [] {
                guard formNames.define(form.value, at: form.mark, &sink) else { continue }
                forms.checkReference(form.value, at: form.mark, from: "visit `\(name ?? "?")`", &sink)
            }
            if reader.node("forms") != nil, formNames.names.isEmpty {
                sink.add(at: reader.markOf("forms"), "visit `\(name ?? "?")` collects no forms; list at least one")
            }
            guard let name, let day else { continue }
            let visit = Visit(name: name, label: reader.string("label", &sink) ?? name, day: day,
                              windowBefore: window.before, windowAfter: window.after, forms: formNames.names)
            if let previous { checkOrder(previous, visit, at: reader.markOf("day"), &sink) }
            previous = visit
            visits.append(visit)
        }
        return visits
    }

    /// `window: N` (N days either side) or `window: {before: B, after: A}`; days are ≥ 0.
    static func decodeWindow(_ node: Node, _ sink: inout ProblemSink) -> (before: Int, after: Int)? {
        if case .scalar = node {
            guard let days = readInt(node, name: "`window`", &sink) else { return nil }
            guard days >= 0 else {
                sink.add(at: node.mark, "`window` must be 0 or more days, not \(days)")
                return nil
            }
            return (days, days)
        }
        guard let window = MappingReader(node, what: "visit window", keys: windowKeys, sink: &sink) else {
            return nil
        }
        var days: [String: Int] = [:]
        for key in windowKeys {
            guard let value = window.int(key, required: true, &sink) else { continue }
            if value < 0 {
                sink.add(at: window.markOf(key), "window `\(key)` must be 0 or more days, not \(value)")
            } else {
                days[key] = value
            }
        }
        guard let before = days["before"], let after = days["after"] else { return nil }
        return (before, after)
    }

    private static func checkOrder(_ earlier: Visit, _ later: Visit, at mark: Mark?, _ sink: inout ProblemSink) {
        if later.day <= earlier.day {
            sink.add(at: mark, "visit `\(later.name)` (day \(later.day)) must come after visit `\(earlier.name)` "
                + "(day \(earlier.day)); list visits in order of their day")
        } else if later.window.lowerBound <= earlier.window.upperBound {
            sink.add(at: mark, "the window of visit `\(later.name)` (days \(later.window.lowerBound) to "
                + "\(later.window.upperBound)) overlaps that of visit `\(earlier.name)` (days "
                + "\(earlier.window.lowerBound) to \(earlier.window.upperBound)); narrow one of them")
        }
    }
}
