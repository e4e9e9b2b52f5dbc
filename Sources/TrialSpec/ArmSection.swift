import TrialCore
import Yams

/// The `arms` and `stratification` sections.
enum ArmSection {
    static let armKeys = ["code", "label", "ratio"]
    static let factorKeys = ["name", "label", "levels"]

    /// Arms in protocol order; at least two, unique codes, ratio weights of at least 1.
    static func decodeArms(_ node: Node, _ sink: inout ProblemSink) -> [Arm] {
        guard let items = sequence(node, name: "`arms`", &sink) else { return [] }
        if items.count < 2 {
            sink.add(at: node.mark, "`arms` lists \(items.count) arm(s); a randomized trial needs at least two")
        }
        var codes = NameRegistry(kind: "arm code")
        return items.compactMap { item -> Arm? in
            guard let arm = MappingReader(item, what: "arm", keys: armKeys, sink: &sink) else { return nil }
            let code = arm.string("code", required: true, &sink)
            if let code {
                checkIdentifier(code, kind: "arm code", at: arm.markOf("code"), &sink)
                codes.define(code, at: arm.markOf("code"), &sink)
            }
            let ratio = arm.int("ratio", required: true, &sink)
            if let ratio, ratio < 1 {
                sink.add(at: arm.markOf("ratio"), "arm ratio must be a whole number of at least 1, not \(ratio)")
            }
            guard let code, let ratio else { return nil }
            return Arm(code: code, label: arm.string("label", &sink) ?? code, ratio: ratio)
        }
    }

    /// Stratification factors; unique names, at least two unique levels each.
    static func decodeStrata(_ node: Node, _ sink: inout ProblemSink) -> [StratificationFactor] {
        guard let items = sequence(node, name: "`stratification`", &sink) else { return [] }
        var names = NameRegistry(kind: "stratification factor")
        return items.compactMap { item -> StratificationFactor? in
            guard let factor = MappingReader(item, what: "stratification factor", keys: factorKeys,
                                             sink: &sink) else { return nil }
            let name = factor.string("name", required: true, &sink)
            if let name {
                checkIdentifier(name, kind: "stratification factor", at: factor.markOf("name"), &sink)
                names.define(name, at: factor.markOf("name"), &sink)
            }
            let levelNodes = factor.stringList("levels", required: true, &sink) ?? []
            var levels = NameRegistry(kind: "level of `\(name ?? "?")`")
            for level in levelNodes { levels.define(level.value, at: level.mark, &sink) }
            if factor.node("levels") != nil, levelNodes.count < 2 {
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
