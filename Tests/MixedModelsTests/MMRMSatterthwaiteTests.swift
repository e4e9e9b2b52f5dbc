import Foundation
import Tabular
import Testing
@testable import MixedModels

/// fixtures/mmrm/satterthwaite_dense.json (make_satterthwaite_dense.R): exact Satterthwaite df of
/// EMMs computed densely in R (numDeriv Hessian of the REML criterion in SAS's parameters).
struct DenseSatterthwaiteFixture: Decodable {
    struct Row: Decodable {
        let levels: [String: String]
        let se: Double
        let df: Double
    }

    struct Case: Decodable {
        let name: String
        let data: String
        let formula: String
        let structure: String
        let subject: String
        let time: String
        let group: String?
        let reml_criterion: Double
        let spec: String
        let emmeans: [Row]
    }

    let cases: [Case]

    static func load() throws -> DenseSatterthwaiteFixture {
        let url = ReferenceTable.dataDirectory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("mmrm/satterthwaite_dense.json")
        return try JSONDecoder().decode(DenseSatterthwaiteFixture.self, from: Data(contentsOf: url))
    }
}

@Suite("MMRM Satterthwaite vs exact dense computation")
struct MMRMSatterthwaiteTests {
    static let structures: [String: (CovarianceStructure, CovarianceGrouping)] = [
        "us": (.unstructured, .separate), "ar1h": (.heterogeneousAutoregressive, .separate),
        "csh": (.heterogeneousCompoundSymmetry, .separate), "us-shared": (.unstructured, .sharedCorrelation),
    ]

    @Test("EMM SEs and df", arguments: 0..<4)
    func denseReference(_ index: Int) throws {
        let c = try DenseSatterthwaiteFixture.load().cases[index]
        let (structure, grouping) = try #require(Self.structures[c.structure])
        let table = try DataTable.read(path: ReferenceTable.dataDirectory.appendingPathComponent(c.data).path)
        let references = c.formula.contains("arm") ? ["arm": "SAU", "visit": "baseline", "municipality": "Aalborg"]
            : ["Sex": "Male"]
        let fit = try MMRM.fit(formula: c.formula, table: table,
                               covariance: CovarianceSpecification(structure: structure, subject: c.subject, time: c.time,
                                                                   group: c.group, grouping: grouping),
                               referenceLevels: references, options: MMRMOptions(tolerance: MMRMOptions.strictTolerance))
        expectClose("\(c.name) criterion", fit.minus2LogLikelihood, c.reml_criterion, relative: MMRMTolerance.nlmeCriterion)
        let result = try fit.marginalMeans(c.spec, method: .satterthwaite, adjustment: .none)
        for row in c.emmeans {
            let mean = try #require(result.means.first { m in
                row.levels.allSatisfy { m.levels.contains(FactorLevel(factor: $0.key, level: $0.value)) }
            })
            let label = "\(c.name) \(row.levels.values.sorted().joined(separator: " "))"
            expectClose("\(label) SE", mean.standardError, row.se, relative: MMRMTolerance.denseSE)
            expectClose("\(label) df", mean.degreesOfFreedom, row.df, relative: MMRMTolerance.denseDF)
        }
    }
}
