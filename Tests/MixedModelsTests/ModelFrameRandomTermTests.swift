import Testing
import Tabular
@testable import MixedModels

@Suite struct ModelFrameRandomTermTests {
    private func table(_ name: String) throws -> DataTable {
        try DataTable.read(path: ModelFrameReferenceTests.directory
            .appendingPathComponent("data/\(name).csv").path)
    }

    @Test func uncorrelatedSlopesGiveTwoTermsNamedAsLme4Prints() throws {
        let frame = try ModelFrame.build(formula: "Reaction ~ Days + (Days || Subject)", table: table("sleepstudy"))
        #expect(frame.randomTerms.map(\.groupingName) == ["Subject", "Subject.1"])
        #expect(frame.randomTerms.map(\.columnNames) == [["(Intercept)"], ["Days"]])
        #expect(frame.randomTerms.map(\.levelCount) == [18, 18])
        #expect(frame.randomTerms[0].levels.first == "308")
        #expect(frame.randomTerms[1].columns[11, 0] == 1)  // Days of row 12
    }

    @Test func nestedCasksWithinBatches() throws {
        let frame = try ModelFrame.build(formula: "strength ~ 1 + (1 | batch/cask)", table: table("pastes"))
        #expect(frame.randomTerms.map(\.groupingName) == ["cask:batch", "batch"])
        #expect(frame.randomTerms.map(\.levelCount) == [30, 10])
        #expect(Array(frame.randomTerms[0].levels.prefix(3)) == ["a:A", "a:B", "a:C"])
        #expect(frame.randomTerms[1].levels == ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"])
        #expect(frame.fixedNames == ["(Intercept)"])
    }

    @Test func correlatedSlopesAreOneTermWithTwoColumns() throws {
        let frame = try ModelFrame.build(formula: "Reaction ~ Days + (Days | Subject)", table: table("sleepstudy"))
        #expect(frame.randomTerms.count == 1)
        let term = frame.randomTerms[0]
        #expect(term.columnNames == ["(Intercept)", "Days"])
        #expect(term.columns.rows == 180 && term.columns.columns == 2)
        #expect((0..<10).map { term.columns[$0, 1] } == (0..<10).map(Double.init))
        #expect(term.levelIndex.prefix(11) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    }

    @Test func missingValuesDropRowsEverywhere() throws {
        let frame = try ModelFrame.build(formula: "Reaction ~ Days + (1 | Subject)", table: table("sleepstudy_missing"))
        // Reaction missing on rows 3 and 50, Days on 7, 50 and 101 (1-based); grp is not used.
        #expect(frame.droppedRowCount == 4)
        #expect(frame.observationCount == 176)
        #expect(!frame.usedRows.contains(2) && !frame.usedRows.contains(49) && frame.usedRows.contains(3))
        #expect(frame.randomTerms[0].levelIndex.count == 176)
    }
}

@Suite struct ModelFrameEdgeCaseTests {
    private let table = try! DataTable.read(text: """
        y;x;g;arm
        1,5;1;a;PEER
        2,0;2;a;SAU
        2,5;3;b;PEER
        4,0;4;b;SAU
        3,5;5;c;PEER
        5,0;6;c;SAU
        """, source: "small.csv")

    @Test func noFixedColumnsAtAll() throws {
        let frame = try ModelFrame.build(formula: "y ~ 0 + (1 | g)", table: table)
        #expect(frame.fixed.columns == 0 && frame.fixed.rows == 6)
        #expect(frame.fixedNames.isEmpty)
        #expect(frame.response == [1.5, 2, 2.5, 4, 3.5, 5])
        #expect(try frame.design?.row(values: [:]) == [])
    }

    @Test func fixedOnlyModelHasNoRandomTerms() throws {
        let frame = try ModelFrame.build(formula: "y ~ x + arm", table: table)
        #expect(frame.randomTerms.isEmpty)
        #expect(frame.fixedNames == ["(Intercept)", "x", "armSAU"])
    }

    @Test func factorSlopesWithinGroups() throws {
        let frame = try ModelFrame.build(formula: "y ~ arm + (arm | g)", table: table,
                                         referenceLevels: ["arm": "SAU"])
        #expect(frame.fixedNames == ["(Intercept)", "armPEER"])
        #expect(frame.randomTerms[0].columnNames == ["(Intercept)", "armPEER"])
        #expect((0..<6).map { frame.randomTerms[0].columns[$0, 1] } == [1, 0, 1, 0, 1, 0])
        #expect(frame.randomTerms[0].levelIndex == [0, 0, 1, 1, 2, 2])
    }

    @Test func interactionOfArmAndGroupNamesLikeModelMatrix() throws {
        let frame = try ModelFrame.build(formula: "y ~ arm:g", table: table)
        // Both factors uncovered: indicators, so the cell columns alias the intercept.
        #expect(frame.fixedNames == ["(Intercept)", "armPEER:ga", "armSAU:ga", "armPEER:gb", "armSAU:gb",
                                     "armPEER:gc"])
        #expect(frame.aliasedNames == ["armSAU:gc"])
    }
}
