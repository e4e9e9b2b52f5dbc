import Foundation
import Tabular
import Testing
@testable import MixedModels

/// Bad input gives a typed error naming the culprit, never a crash.
@Suite("MMRM bad input")
struct MMRMInputErrorTests {
    static let spec = CovarianceSpecification(structure: .unstructured, subject: "id", time: "visit")

    /// The simulated table with `edit` applied to its columns.
    static func table(_ edit: (inout [String: DataTable.Column]) -> Void) -> DataTable {
        let base = simulatedTherapyTable(seed: 3, subjects: 12)
        var columns = base.columns
        edit(&columns)
        return DataTable(source: base.source, columnNames: base.columnNames, columns: columns, lineNumbers: base.lineNumbers)
    }

    /// The typed error a fit throws (nil when it succeeds).
    static func error(_ body: () throws(MMRMError) -> MMRM) -> MMRMError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    static func setOutcome(_ columns: inout [String: DataTable.Column], where predicate: (Int) -> Bool, to value: Double?) {
        guard case .numeric(var y) = columns["y"]! else { return }
        for i in y.indices where predicate(i) { y[i] = value }
        columns["y"] = .numeric(y)
    }

    @Test("a start that is not positive definite")
    func nonPositiveDefiniteStart() throws {
        let table = simulatedTherapyTable(seed: 3, subjects: 12)
        // UN(2,1) = 30 > √(10 · 10): not a covariance matrix.
        let start = [10.0, 30, 10, 0, 0, 10]
        for algorithm in MMRMAlgorithm.allCases {
            let error = Self.error { () throws(MMRMError) -> MMRM in
                try MMRM.fit(formula: "y ~ arm * visit", table: table, covariance: Self.spec,
                             options: MMRMOptions(start: start, algorithm: algorithm))
            }
            if case .startNotPositiveDefinite(let detail) = error {
                #expect(detail.contains("UN(2,1) = 30.0"))
            } else {
                Issue.record("\(algorithm): expected startNotPositiveDefinite, got \(String(describing: error))")
            }
            #expect(error?.description.contains("not positive definite") == true)
        }
        #expect(throws: MMRMError.startLength(expected: 6, actual: 2,
                                              names: ["UN(1,1)", "UN(2,1)", "UN(2,2)", "UN(3,1)", "UN(3,2)", "UN(3,3)"])) {
            try MMRM.fit(formula: "y ~ arm * visit", table: table, covariance: Self.spec, options: MMRMOptions(start: [1, 1]))
        }
        // A valid start is accepted and reaches the same optimum as the default start.
        let given = try MMRM.fit(formula: "y ~ arm * visit", table: table, covariance: Self.spec,
                                 options: MMRMOptions(start: [10, 5, 10, 5, 5, 10], tolerance: MMRMOptions.strictTolerance))
        let automatic = try MMRM.fit(formula: "y ~ arm * visit", table: table, covariance: Self.spec,
                                     options: MMRMOptions(tolerance: MMRMOptions.strictTolerance))
        expectClose("same optimum from a given start", given.minus2LogLikelihood, automatic.minus2LogLikelihood,
                    relative: 1e-12)
    }

    @Test("a visit with no observations")
    func visitWithoutObservations() throws {
        // Every outcome at V3 (rows 2, 5, 8, …) missing.
        let table = Self.table { Self.setOutcome(&$0, where: { $0 % 3 == 2 }, to: nil) }
        #expect(throws: MMRMError.visitWithoutObservations(visit: "V3", column: "visit", group: nil)) {
            try MMRM.fit(formula: "y ~ arm", table: table, covariance: Self.spec)
        }
        // Within a group only: V3 missing for the treated arm (odd subjects).
        let grouped = Self.table { Self.setOutcome(&$0, where: { $0 % 3 == 2 && ($0 / 3) % 2 == 1 }, to: nil) }
        let spec = CovarianceSpecification(structure: .autoregressive, subject: "id", time: "visit", group: "arm")
        #expect(throws: MMRMError.visitWithoutObservations(visit: "V3", column: "visit", group: "treated")) {
            try MMRM.fit(formula: "y ~ arm", table: grouped, covariance: spec)
        }
    }

    @Test("unstructured visits never observed together")
    func visitsNeverTogether() throws {
        // V2 observed only by even subjects, V3 only by odd subjects.
        let table = Self.table { Self.setOutcome(&$0, where: { ($0 % 3 == 1 && ($0 / 3) % 2 == 1) || ($0 % 3 == 2 && ($0 / 3) % 2 == 0) }, to: nil) }
        #expect(throws: MMRMError.visitsNeverTogether(first: "V2", second: "V3", group: nil)) {
            try MMRM.fit(formula: "y ~ arm", table: table, covariance: Self.spec)
        }
        // A structured covariance is still estimable.
        let ar1 = try MMRM.fit(formula: "y ~ arm", table: table,
                               covariance: CovarianceSpecification(structure: .autoregressive, subject: "id", time: "visit"))
        #expect(ar1.convergence.converged)
    }

    @Test("duplicate visits, missing keys, unknown columns, groups, time order, too few visits")
    func dataErrors() throws {
        let duplicated = Self.table { columns in
            guard case .text(var visit) = columns["visit"]! else { return }
            visit[1] = "V1"
            columns["visit"] = .text(visit)
        }
        #expect(throws: MMRMError.duplicateVisit(subject: "S001", visit: "V1", line: 3)) {
            try MMRM.fit(formula: "y ~ arm", table: duplicated, covariance: Self.spec)
        }
        let missingID = Self.table { columns in
            guard case .text(var id) = columns["id"]! else { return }
            id[4] = nil
            columns["id"] = .text(id)
        }
        #expect(throws: MMRMError.missingValue(role: "subject", column: "id", line: 6)) {
            try MMRM.fit(formula: "y ~ arm", table: missingID, covariance: Self.spec)
        }
        let table = simulatedTherapyTable(seed: 3, subjects: 12)
        #expect(throws: MMRMError.unknownColumn(role: "subject", name: "patient", available: table.columnNames)) {
            try MMRM.fit(formula: "y ~ arm", table: table,
                         covariance: CovarianceSpecification(structure: .unstructured, subject: "patient", time: "visit"))
        }
        #expect(throws: MMRMError.subjectInTwoGroups(subject: "S001", column: "age", first: "25", second: "26")) {
            try MMRM.fit(formula: "y ~ arm", table: Self.table { columns in
                columns["age"] = .numeric((0..<36).map { Double(25 + $0 % 3) })
            }, covariance: CovarianceSpecification(structure: .unstructured, subject: "id", time: "visit", group: "age"))
        }
        #expect(throws: MMRMError.timeOrderMismatch(column: "visit", levels: ["V1", "V2", "V3"], given: ["V3", "V1"])) {
            try MMRM.fit(formula: "y ~ arm", table: table,
                         covariance: CovarianceSpecification(structure: .autoregressive, subject: "id", time: "visit",
                                                             timeOrder: ["V3", "V1"]))
        }
        let oneVisit = Self.table { columns in
            columns["visit"] = .text([String?](repeating: "V1", count: 36))
            columns["id"] = .text((0..<36).map { "R\($0)" })
        }
        #expect(throws: MMRMError.tooFewVisits(structure: .compoundSymmetry, visits: 1, needed: 2)) {
            try MMRM.fit(formula: "y ~ arm", table: oneVisit,
                         covariance: CovarianceSpecification(structure: .compoundSymmetry, subject: "id", time: "visit"))
        }
        #expect(throws: MMRMError.self) {
            try MMRM.fit(formula: "y ~ nonexistent", table: table, covariance: Self.spec)
        }
    }

    @Test("Kenward–Roger needs REML")
    func kenwardRogerNeedsREML() throws {
        let fit = try MMRM.fit(formula: "y ~ arm * visit", table: simulatedTherapyTable(seed: 3, subjects: 12),
                               covariance: Self.spec, options: MMRMOptions(criterion: .ml))
        #expect(throws: InferenceError.kenwardRogerNeedsREML) { try fit.inference(method: .kenwardRoger) }
        #expect(throws: InferenceError.kenwardRogerNeedsREML) { try fit.inference(method: .kenwardRogerLinear) }
    }

    /// rankdef_empty_cell (arm B never at v3): the aliased column is dropped, CS equals lmer's
    /// random-intercept REML criterion (fixtures README: 490.2811643), and Type III hypotheses that
    /// need the empty cell are reported as not estimable instead of failing the fit.
    @Test("rank-deficient design: fit as lmer, non-estimable Type III terms")
    func rankDeficient() throws {
        let table = try DataTable.read(path: ReferenceTable.dataDirectory.appendingPathComponent("rankdef_empty_cell.csv").path)
        let fit = try MMRM.fit(formula: "y ~ arm * visit", table: table,
                               covariance: CovarianceSpecification(structure: .compoundSymmetry, subject: "id", time: "visit"),
                               options: MMRMOptions(tolerance: MMRMOptions.strictTolerance))
        #expect(fit.aliasedNames == ["armB:visitv3"])
        expectClose("REML criterion = lmer's", fit.minus2LogLikelihood, 490.2811643, relative: 1e-9)
        let tests = try fit.typeIIITests(method: .satterthwaite)
        #expect(tests.map(\.term) == ["arm", "visit", "arm:visit"])
        #expect(tests.allSatisfy { $0.fStatistic.isNaN && $0.numeratorDegreesOfFreedom == 0 })
        #expect(try fit.coefficientTable(method: .satterthwaite).allSatisfy { $0.degreesOfFreedom > 0 })
    }
}
