import Foundation
import LinearAlgebra
@testable import MixedModels

/// One lmer reference fit from fixtures/reference/models/*.json (schema: fixtures/reference/README.md).
struct ModelReference: Decodable {
    struct Fixed: Decodable { let term: String; let estimate: Double; let se: Double }
    struct Random: Decodable { let group: String; let term: String; let variance: Double; let sd: Double }
    struct Correlation: Decodable { let group: String; let term1: String; let term2: String; let corr: Double }
    struct Residual: Decodable { let variance: Double; let sd: Double }

    let name: String
    let data: String
    let formula: String
    let reml: Bool
    let factorLevels: [String: [String]]?
    let nobs: Int
    let ngrps: [String: Int]
    let theta: [Double]
    let sigma: Double
    let loglik: Double
    let remlCriterion: Double?
    let deviance: Double?
    let aic: Double
    let bic: Double
    let singular: Bool
    let fixed: [Fixed]
    let random: [Random]
    let correlations: [Correlation]?
    let residual: Residual
    let vcov: [[Double]]

    enum CodingKeys: String, CodingKey {
        case name, data, formula, reml = "REML", factorLevels = "factor_levels", nobs, ngrps, theta, sigma, loglik
        case remlCriterion = "reml_criterion", deviance, aic, bic, singular, fixed, random, correlations
        case residual, vcov
    }

    static func load(_ name: String) throws -> ModelReference {
        let url = ReferenceTable.dataDirectory.deletingLastPathComponent().appendingPathComponent("models/\(name).json")
        return try JSONDecoder().decode(ModelReference.self, from: Data(contentsOf: url))
    }

    var criterion: Double { (reml ? remlCriterion : deviance) ?? .nan }

    /// The lme4 optimizer settings the fixtures were made with (their `optimizer` string), so that
    /// both sides report the optimum itself rather than where lme4's default tolerances stop.
    static var fixtureOptimizer: OptimizerSettings {
        var settings = OptimizerSettings()
        settings.xtolAbs = 1e-12
        settings.ftolAbs = 1e-14
        settings.xtolRel = 1e-12
        settings.ftolRel = 1e-15
        return settings
    }

    /// Builds the model frame by hand from the CSV: treatment-coded columns named as R names them
    /// (`armPEER:visitpost`), grouping factors from `random`, rows with a missing used value dropped.
    func frame() throws -> ModelFrame {
        let table = try ReferenceTable(String(data.dropFirst("data/".count)))
        let responseName = formula.components(separatedBy: "~")[0].trimmingCharacters(in: .whitespaces)
        let levels = factorLevels ?? [:]
        func column(_ name: String) -> [Double] {
            if name == "(Intercept)" { return Array(repeating: 1, count: table.rows.count) }
            return name.split(separator: ":").map(String.init).map { part -> [Double] in
                if table.names.contains(part) { return table.numeric(part) }
                let factor = levels.keys.first { f in
                    table.names.contains(f) && part.hasPrefix(f) && levels[f]!.contains(String(part.dropFirst(f.count)))
                }!
                let level = String(part.dropFirst(factor.count))
                return table.text(factor).map { $0 == "NA" ? .nan : ($0 == level ? 1 : 0) }
            }.reduce(Array(repeating: 1.0, count: table.rows.count)) { zip($0, $1).map { $0 * $1 } }
        }
        func grouping(_ group: String) -> [String] {
            if table.names.contains(group) { return table.text(group) }
            if group.contains(":") {
                let parts = group.split(separator: ":").map { table.text(String($0)) }
                return (0..<table.rows.count).map { i in parts.map { $0[i] }.joined(separator: ":") }
            }
            return grouping(String(group[..<group.lastIndex(of: ".")!]))
        }
        var groups: [(name: String, terms: [String])] = []
        for entry in random {
            if groups.last?.name == entry.group { groups[groups.count - 1].terms.append(entry.term) }
            else { groups.append((entry.group, [entry.term])) }
        }
        let y = table.numeric(responseName)
        let fixedColumns = fixed.map { column($0.term) }
        let groupColumns = groups.map { grouping($0.name) }
        let randomColumns = groups.map { $0.terms.map(column) }
        let used = (0..<table.rows.count).filter { i in
            !y[i].isNaN && fixedColumns.allSatisfy { !$0[i].isNaN }
                && groupColumns.allSatisfy { $0[i] != "NA" } && randomColumns.joined().allSatisfy { !$0[i].isNaN }
        }
        let terms = groups.indices.map { g in
            makeTerm(groups[g].name, used.map { groupColumns[g][$0] },
                     columns: zip(groups[g].terms, randomColumns[g]).map { term, values in (term, used.map { values[$0] }) })
        }
        var x = Matrix(rows: used.count, columns: fixed.count)
        for (j, values) in fixedColumns.enumerated() {
            for (row, i) in used.enumerated() { x[row, j] = values[i] }
        }
        return ModelFrame(response: used.map { y[$0] }, responseName: responseName, fixed: x,
                          fixedNames: fixed.map(\.term), randomTerms: terms, usedRows: used,
                          droppedRowCount: table.rows.count - used.count)
    }
}
