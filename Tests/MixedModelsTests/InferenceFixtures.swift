import Foundation
import Distributions
import Testing
import LinearAlgebra
@testable import MixedModels

/// One model of fixtures/reference/models/*.json (schema: fixtures/reference/README.md).
struct ModelFixture: Decodable {
    struct Fixed: Decodable {
        let term: String
        let estimate: Double
        let se: Double
        let t: Double
        let df_satterthwaite: Double?
        let p_satterthwaite: Double?
        let df_kr: Double?
        let se_kr: Double?
        let t_kr: Double?
        let p_kr: Double?
    }

    struct Mean: Decodable {
        let levels: [String: String]
        let estimate: Double
        let se: Double
        let df: Double
        let lower: Double
        let upper: Double
    }

    struct Contrast: Decodable {
        let contrast: String
        let by: [String: String]?
        let estimate: Double
        let se: Double
        let df: Double
        let t: Double
        let p: Double
        let lower: Double
        let upper: Double
    }

    struct MeansSet: Decodable {
        let emmeans: [Mean]
        let contrasts: [Contrast]
    }

    struct MarginalMeans: Decodable {
        let spec: String
        let adjust: String
        let level: Double
        let satterthwaite: MeansSet?
        let kenwardRoger: MeansSet?

        enum CodingKeys: String, CodingKey {
            case spec, adjust, level, satterthwaite
            case kenwardRoger = "kenward-roger"
        }
    }

    /// lmerTest type III `anova(m, ddf = …)` rows.
    struct Anova: Decodable {
        let term: String
        /// null for a term whose columns were all dropped (rank-deficient fits).
        let numdf: Int?
        let dendf_satterthwaite: Double?
        let F_satterthwaite: Double?
        let p_satterthwaite: Double?
        let dendf_kr: Double?
        let F_kr: Double?
        let p_kr: Double?
    }

    let name: String
    let data: String
    let formula: String
    let REML: Bool
    let nobs: Int
    let theta: [Double]
    let sigma: Double
    let singular: Bool
    let factor_levels: [String: [String]]?
    let ref_levels: [String: String]?
    let fixed: [Fixed]
    let emmeans: MarginalMeans?
    let anova: [Anova]?
    /// lme4 / lmerTest messages and warnings (e.g. singular fit, Hessian eigenvalues).
    let messages: [String]?

    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fixtures/reference")
    }

    static func load(_ name: String) throws -> ModelFixture {
        let url = directory.appendingPathComponent("models/\(name).json")
        return try JSONDecoder().decode(ModelFixture.self, from: Data(contentsOf: url))
    }

    var responseName: String {
        String(formula.split(separator: "~")[0]).trimmingCharacters(in: .whitespaces)
    }
}

/// A random-effects term for a fixture frame: its lme4 name, the data columns whose
/// interaction is the grouping factor, and the term's columns (`(Intercept)` or a numeric column).
struct RandomSpec {
    let name: String
    let factors: [String]
    let columns: [String]

    static func intercept(_ factor: String) -> RandomSpec { RandomSpec(name: factor, factors: [factor], columns: ["(Intercept)"]) }
}

/// A model frame built from a fixture's CSV: X has exactly the fixture's fixed-effect columns,
/// decoded from R's column names (`armPEER:visitpost` = arm == PEER times visit == post, `age`
/// numeric), so the frame does not depend on the formula layer.
struct FixtureFrame {
    let fixture: ModelFixture
    let table: ReferenceTable
    let rows: [Int]
    let frame: ModelFrame

    init(_ fixture: ModelFixture, random: [RandomSpec]) throws {
        self.fixture = fixture
        let table = try ReferenceTable(fixture.data.replacingOccurrences(of: "data/", with: ""))
        self.table = table
        let factors = fixture.factor_levels ?? [:]
        let pieces = fixture.fixed.map { $0.term }.map { Self.decode($0, factors: factors, columns: table.names) }
        var used = Set([fixture.responseName])
        for term in pieces { for piece in term { used.insert(piece.variable) } }
        for spec in random { used.formUnion(spec.factors); used.formUnion(spec.columns.filter { $0 != "(Intercept)" }) }
        let positions = used.map { table.names.firstIndex(of: $0)! }
        let rows = table.rows.indices.filter { r in positions.allSatisfy { table.rows[r][$0] != "NA" } }
        self.rows = rows
        var columns: [String: [String]] = [:]
        for name in used { let all = table.text(name); columns[name] = rows.map { all[$0] } }
        func column(_ name: String) -> [String] { columns[name]! }
        var x = Matrix(rows: rows.count, columns: pieces.count)
        for (j, term) in pieces.enumerated() {
            for i in rows.indices {
                x[i, j] = term.reduce(1.0) { product, piece in
                    let cell = columns[piece.variable]![i]
                    if let level = piece.level { return product * (cell == level ? 1 : 0) }
                    return product * Double(cell)!
                }
            }
        }
        let terms = random.map { spec -> RandomTerm in
            let parts = spec.factors.map { column($0) }
            let grouping = rows.indices.map { i in parts.map { $0[i] }.joined(separator: ":") }
            return makeTerm(spec.name, grouping, columns: spec.columns.map { name in
                (name, name == "(Intercept)" ? Array(repeating: 1, count: rows.count) : column(name).map { Double($0)! })
            })
        }
        frame = ModelFrame(response: column(fixture.responseName).map { Double($0)! },
                           responseName: fixture.responseName, fixed: x,
                           fixedNames: fixture.fixed.map(\.term), randomTerms: terms, usedRows: rows)
    }

    /// `(Intercept)` → []; `armPEER:visitpost` → [(arm, PEER), (visit, post)]; `age` → [(age, nil)].
    static func decode(_ name: String, factors: [String: [String]], columns: [String]) -> [(variable: String, level: String?)] {
        if name == "(Intercept)" { return [] }
        return name.split(separator: ":").map(String.init).map { part in
            if columns.contains(part) { return (part, nil) }
            for (variable, levels) in factors where part.hasPrefix(variable) {
                let level = String(part.dropFirst(variable.count))
                if levels.contains(level) { return (variable, level) }
            }
            fatalError("cannot decode fixed-effect column '\(part)'")
        }
    }

    /// An X row for a full assignment of the fixed factors, numeric covariates at their mean
    /// over the used rows (emmeans' reference grid).
    func row(_ levels: [String: String]) -> [Double] {
        let factors = fixture.factor_levels ?? [:]
        return fixture.fixed.map { column in
            Self.decode(column.term, factors: factors, columns: table.names).reduce(1.0) { product, piece in
                if let level = piece.level { return product * (levels[piece.variable] == level ? 1 : 0) }
                let all = table.numeric(piece.variable)
                return product * rows.reduce(0) { $0 + all[$1] } / Double(rows.count)
            }
        }
    }

    /// Fits with the fixtures' optimizer settings (README: xtol_abs 1e-12, ftol_abs 1e-14, xtol_rel
    /// 1e-12), so both sides sit at the optimum itself rather than wherever lme4's defaults stop.
    func fit(criterion: EstimationCriterion? = nil) throws -> LinearMixedModel {
        var options = LinearMixedModelOptions(criterion: criterion ?? (fixture.REML ? .reml : .ml))
        options.optimizer.xtolAbs = 1e-12
        options.optimizer.ftolAbs = 1e-14
        options.optimizer.xtolRel = 1e-12
        return try LinearMixedModel.fit(frame, options: options)
    }
}

/// The random terms of each fixture model (the formula layer is tested elsewhere).
enum FixtureModels {
    static let random: [String: [RandomSpec]] = [
        "sleepstudy_reml": [RandomSpec(name: "Subject", factors: ["Subject"], columns: ["(Intercept)", "Days"])],
        "sleepstudy_ml": [RandomSpec(name: "Subject", factors: ["Subject"], columns: ["(Intercept)", "Days"])],
        "sleepstudy_uncorr": [.intercept("Subject"), RandomSpec(name: "Subject.1", factors: ["Subject"], columns: ["Days"])],
        "sleepstudy_intercept": [.intercept("Subject")],
        "dyestuff_reml": [.intercept("Batch")], "dyestuff_ml": [.intercept("Batch")],
        "dyestuff2_reml": [.intercept("Batch")],
        "pastes_reml": [RandomSpec(name: "cask:batch", factors: ["cask", "batch"], columns: ["(Intercept)"]), .intercept("batch")],
        "pastes_ml": [RandomSpec(name: "cask:batch", factors: ["cask", "batch"], columns: ["(Intercept)"]), .intercept("batch")],
        "penicillin_reml": [.intercept("plate"), .intercept("sample")],
        "penicillin_ml": [.intercept("plate"), .intercept("sample")],
        "orthodont_reml": [RandomSpec(name: "Subject", factors: ["Subject"], columns: ["(Intercept)", "age"])],
        "orthodont_reml_sorted": [RandomSpec(name: "Subject", factors: ["Subject"], columns: ["(Intercept)", "age"])],
        "trial_sim": [.intercept("participant_id")], "trial_sim_age": [.intercept("participant_id")],
        "large_10k": [.intercept("id")],
        "rankdef": [.intercept("g")], "rankdef_empty_cell": [.intercept("id")],
    ]

    static func load(_ name: String) throws -> FixtureFrame {
        try FixtureFrame(try ModelFixture.load(name), random: random[name]!)
    }
}

/// R's `2 * pt(abs(t), df, lower.tail = FALSE)` through the Distributions module (R's Rmath).
enum StudentTReference {
    static func twoSided(t: Double, df: Double) throws -> Double {
        try StudentT.twoSidedPValue(t: t, degreesOfFreedom: df)
    }

    static func critical(level: Double, df: Double) throws -> Double {
        try StudentT.intervalCriticalValue(confidenceLevel: level, degreesOfFreedom: df)
    }
}

/// A reported p-value against R's: within `InferenceTolerance.pValue` relative, or, for far-tail
/// p-values (where a df difference inside its tolerance moves p by more), within 10⁻⁴ relative on
/// the log scale — the precision a 10⁻⁴ df tolerance implies for log p ≈ −((ν + 1)/2) log(1 + t²/ν).
func expectPValue(_ label: String, _ observed: Double, _ expected: Double,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    let relative = abs(observed - expected) / max(expected, 1e-300)
    let logRelative = abs(log(observed) - log(expected)) / max(abs(log(expected)), 1)
    print(String(format: "%@: observed %.12g expected %.12g (rel. diff %.2e, log rel. diff %.2e)",
                 label, observed, expected, relative, logRelative))
    #expect(relative <= InferenceTolerance.pValue || logRelative <= InferenceTolerance.satterthwaiteDF,
            "\(label): observed \(observed), expected \(expected)", sourceLocation: sourceLocation)
}

extension FixtureFrame {
    /// The reference grid of the fixture's fixed part: its factors in order of first appearance
    /// in the fixed-effect names, numeric covariates at their mean.
    var grid: ReferenceGrid {
        let factors = fixture.factor_levels ?? [:]
        var names: [String] = []
        for column in fixture.fixed {
            for piece in Self.decode(column.term, factors: factors, columns: table.names) where piece.level != nil {
                if !names.contains(piece.variable) { names.append(piece.variable) }
            }
        }
        let frame = self
        return ReferenceGrid(factors: names.map { ReferenceGrid.Factor(name: $0, levels: factors[$0]!) }) { levels in
            frame.row(levels)
        }
    }
}
