import TrialCore
import Yams

/// The `arms` and `stratification` sections.
enum ArmSection {
    static let armKeys = ["code", "label", "ratio"]
    static let factorKeys = ["name", "label", "levels"]

    /// Arms in protocol order; at least two, unique codes, ratio weights of at least 1.
    /// Nil when any arm could not be read completely (so later checks that depend on the
    /// ratios are skipped rather than reporting consequences of the same mistake).
    static func decodeArms(_ node: Node, _ sink: inout ProblemSink) -> [Arm]? {
        guard let items = sequence(node, name: "`arms`", &sink) else { return nil }
        if items.count < 2 {
            sink.add(at: node.mark, "`arms` lists \(items.count) arm(s); a randomized trial needs at least two")
        }
        var codes = NameRegistry(kind: "arm code")
        let arms = items.compactMap { item -> Arm? in
            guard var arm = MappingReader(item, what: "arm", keys: armKeys, sink: &sink) else { return nil }
            let code = arm.string("code", required: true, &sink)
            if let code { arm.what = "arm `\(code)`" }
            if let code {
                checkIdentifier(code, kind: "arm code", at: arm.markOf("code"), &sink)
            }
            let isNew = code.map { codes.define($0, at: arm.markOf("code"), &sink) } ?? false
            let ratio = arm.int("ratio", required: true, &sink)
            if let ratio, ratio < 1 {
                sink.add(at: arm.markOf("ratio"), "arm ratio must be a whole number of at least 1, not \(ratio)")
            }
            let label = arm.string("label", &sink)
            guard let code, isNew, let ratio, ratio >= 1 else { return nil }
            return Arm(code: code, label: label ?? code, ratio: ratio)
        }
        return arms.count == items.count ? arms : nil
    }

    /// Stratification factors; unique names, at least two unique levels each.
    static func decodeStrata(_ node: Node, _ sink: inout ProblemSink) -> [StratificationFactor] {
        guard let items = sequence(node, name: "`stratification`", &sink) else { return [] }
        var names = NameRegistry(kind: "stratification factor", rule: "each factor is listed once")
        return items.compactMap { item -> StratificationFactor? in
            guard var factor = MappingReader(item, what: "stratification factor", keys: factorKeys,
                                             sink: &sink) else { return nil }
            let name = factor.string("name", required: true, &sink)
            if let name { factor.what = "stratification factor `\(name)`" }
            if let name {
                checkIdentifier(name, kind: "stratification factor", at: factor.markOf("name"), &sink)
                names.define(name, at: factor.markOf("name"), &sink)
            }
            let levelNodes = factor.stringList("levels", required: true, &sink)
            var levels = NameRegistry(kind: "level", scope: "in stratification factor `\(name ?? "?")`")
            for level in levelNodes ?? [] { levels.define(level.value, at: level.mark, &sink) }
            if let levelNodes, levelNodes.count < 2 {
                sink.add(at: factor.markOf("levels"), "stratification factor `\(name ?? "?")` needs at "
                    + "least two levels; a factor with one level does not stratify")
            }
            guard let name else { return nil }
            return StratificationFactor(name: name, levels: levels.names, label: factor.string("label", &sink))
        }
    }
}

/// `node` as a list, or nil with a problem.
func sequence(_ node: Node, name: String, _ sink: inout ProblemSink) -> [Node]? {
    guard case .sequence(let items) = node else {
        sink.add(at: node.mark, "\(name) must be a list, not \(describe(node))")
        return nil
    }
    return Array(items)
}
