import Testing
import Tabular
@testable import MixedModels

@Suite struct ModelFrameErrorTests {
    private let table: DataTable = {
        var rows = ["y,x,arm,site,id,note,one"]
        for i in 0..<12 {
            let arm = i % 2 == 0 ? "PEER" : "SAU"
            let y = i == 5 ? "NA" : String(Double(i) * 1.5)
            rows.append("\(y),\(i),\(arm),s\(i % 3),\(i),n\(i),only")
        }
        return try! DataTable.read(text: rows.joined(separator: "\n"), source: "trial.csv")
    }()

    private func failure(_ formula: String, table: DataTable? = nil,
                         referenceLevels: [String: String] = [:]) -> ModelFrameError? {
        do {
            _ = try ModelFrame.build(formula: formula, table: table ?? self.table,
                                     referenceLevels: referenceLevels)
            return nil
        } catch {
            return error
        }
    }

    @Test func formulaErrorsAreWrapped() {
        guard case .formula(let error) = failure("y ~ x + + arm") else {
            Issue.record("expected a formula error")
            return
        }
        #expect(error.column == 9)
    }

    @Test func unknownColumnListsTheAvailableOnes() {
        let error = failure("y ~ age + (1 | site)")
        #expect(error == .unknownColumn(name: "age", available: ["y", "x", "arm", "site", "id", "note", "one"],
                                        source: "trial.csv"))
        #expect(error?.description.contains("'age', which trial.csv does not have") == true)
    }

    @Test func responseMustBeNumeric() {
        #expect(failure("arm ~ x") == .nonNumericResponse(label: "arm", column: "arm"))
        #expect(failure("log(arm) ~ x") == .numericFunctionOfText(label: "log(arm)", column: "arm"))
    }

    @Test func numericFunctionOfTextNamesTheTerm() {
        #expect(failure("y ~ log(arm)") == .numericFunctionOfText(label: "log(arm)", column: "arm"))
        #expect(failure("y ~ I(x * arm)") == .numericFunctionOfText(label: "I(x * arm)", column: "arm"))
    }

    @Test func mostlyNumericTextColumnIsATypoUnlessDeclaredAFactor() throws {
        let typo = try DataTable.read(text: "y,age\n1,30\n2,41\n3,4O\n4,52\n5,30\n", source: "ages.csv")
        let error = failure("y ~ age", table: typo)
        #expect(error == .numericColumnWithText(column: "age", value: "4O", source: "ages.csv", line: 4))
        #expect(error?.description.contains("write factor(age) if a factor is meant") == true)
        let frame = try ModelFrame.build(formula: "y ~ factor(age)", table: typo)
        #expect(frame.fixedNames == ["(Intercept)", "factor(age)41", "factor(age)4O", "factor(age)52"])
    }

    @Test func nonFiniteValueNamesTheLine() {
        // x = 0 on the first data row (line 2): log(0) = -Inf.
        #expect(failure("y ~ log(x)") == .nonFiniteValue(label: "log(x)", source: "trial.csv", line: 2))
    }

    @Test func noCompleteRowsCountsMissingValues() throws {
        let sparse = try DataTable.read(text: "y,x\n1,\nNA,2\n", source: "sparse.csv")
        let error = failure("y ~ x", table: sparse)
        #expect(error == .noCompleteRows(source: "sparse.csv", rowCount: 2,
                                         missing: [.init(column: "y", count: 1), .init(column: "x", count: 1)]))
        #expect(error?.description.contains("y (1 missing), x (1 missing)") == true)
        let empty = try DataTable.read(text: "y,x\n", source: "empty.csv")
        #expect(failure("y ~ x", table: empty)?.description == "empty.csv has no data rows; add rows before fitting a model.")
    }

    @Test func singleLevelFactors() {
        #expect(failure("y ~ x + one") == .singleLevelFactor(label: "one", level: "only"))
        #expect(failure("y ~ x + (0 + one | site)") == .singleLevelFactor(label: "one", level: "only"))
        #expect(failure("y ~ x + (1 | one)") == .groupingSingleLevel(grouping: "one"))
    }

    @Test func groupingFactorNeedsFewerLevelsThanObservations() {
        let error = failure("y ~ x + (1 | id)")
        #expect(error == .tooManyGroupingLevels(grouping: "id", levels: 11, observations: 11))
        #expect(error?.description.contains("number of levels of each grouping factor must be < number of observations") == true)
        #expect(failure("y ~ x + (1 | note:site)") == .tooManyGroupingLevels(grouping: "note:site", levels: 11, observations: 11))
    }

    @Test func referenceLevelErrors() {
        #expect(failure("y ~ arm", referenceLevels: ["arm": "TAU"])
            == .unknownReferenceLevel(column: "arm", level: "TAU", validLevels: ["PEER", "SAU"]))
        #expect(failure("y ~ arm", referenceLevels: ["x": "3"])
            == .referenceNotAFactor(column: "x", factors: ["arm"]))
        #expect(failure("y ~ arm", referenceLevels: ["site": "s1"])
            == .referenceNotAFactor(column: "site", factors: ["arm"]))
        #expect(failure("y ~ factor(x)", referenceLevels: ["x": "99"])
            == .unknownReferenceLevel(column: "x", level: "99",
                                      validLevels: ["0", "1", "2", "3", "4", "6", "7", "8", "9", "10", "11"]))
    }
}
