import Testing
import LinearAlgebra
import Tabular
@testable import MixedModels

@Suite struct ModelFrameDesignTests {
    private func table(_ name: String) throws -> DataTable {
        try DataTable.read(path: ModelFrameReferenceTests.directory
            .appendingPathComponent("data/\(name).csv").path)
    }

    private func row(_ frame: ModelFrame, _ index: Int) -> [Double] {
        (0..<frame.fixed.columns).map { frame.fixed[index, $0] }
    }

    @Test func designMetadataForAgeBySex() throws {
        let frame = try ModelFrame.build(formula: "distance ~ age * Sex + (1 | Subject)", table: table("orthodont"))
        let design = try #require(frame.design)
        #expect(design.hasIntercept)
        #expect(design.termLabels == ["age", "Sex", "age:Sex"])
        #expect(design.columnNames == frame.fixedNames)
        #expect(design.assign == [0, 1, 2, 3])
        #expect(design.variables == [.numeric(name: "age", mean: 11), .factor(name: "Sex", levels: ["Female", "Male"])])
        #expect(try design.row(values: ["age": .number(10), "Sex": .level("Male")]) == [1, 10, 1, 10])
        #expect(try design.row(values: ["Sex": .level("Female")]) == [1, 11, 0, 0])
    }

    @Test func designRowsReproduceTheModelMatrix() throws {
        let frame = try ModelFrame.build(formula: "breaks ~ wool * tension * block", table: table("warpbreaks"))
        let data = try table("warpbreaks")
        guard case .text(let wool) = data.columns["wool"], case .text(let tension) = data.columns["tension"],
              case .text(let block) = data.columns["block"] else {
            Issue.record("unexpected column types")
            return
        }
        let design = try #require(frame.design)
        for i in [0, 7, 20, 33, 53] {
            let values: [String: DesignValue] = [
                "wool": .level(wool[i]!), "tension": .level(tension[i]!), "block": .level(block[i]!),
            ]
            #expect(try design.row(values: values) == row(frame, i))
        }
    }

    @Test func designLeavesOutAliasedColumns() throws {
        let frame = try ModelFrame.build(formula: "breaks ~ wool * tension", table: table("warpbreaks_incomplete"))
        #expect(frame.aliasedNames == ["woolB:tensionM"])
        let design = try #require(frame.design)
        #expect(design.allColumnNames.count == 6)
        #expect(design.columnNames == frame.fixedNames)
        #expect(design.assign == [0, 1, 2, 2, 3])
        #expect(try design.row(values: ["wool": .level("B"), "tension": .level("L")]) == [1, 1, 1, 0, 1])
    }

    @Test func numericFactorAndFunctionsUseTheColumn() throws {
        let frame = try ModelFrame.build(formula: "distance ~ factor(age) + log(age) + Sex", table: table("orthodont"))
        #expect(frame.fixedNames == ["(Intercept)", "factor(age)10", "factor(age)12", "factor(age)14", "SexMale"])
        #expect(frame.aliasedNames == ["log(age)"])
        let design = try #require(frame.design)
        #expect(design.variables == [.factor(name: "age", levels: ["8", "10", "12", "14"]),
                                     .factor(name: "Sex", levels: ["Female", "Male"])])
        #expect(try design.row(values: ["age": .number(12), "Sex": .level("Female")]) == [1, 0, 1, 0, 0])
        #expect(try design.row(values: ["age": .level("14"), "Sex": .level("Male")]) == [1, 0, 0, 1, 1])

        let logFrame = try ModelFrame.build(formula: "distance ~ log(age) + I(age^2)", table: table("orthodont"))
        let logDesign = try #require(logFrame.design)
        #expect(logDesign.variables == [.numeric(name: "age", mean: 11)])
        #expect(try logDesign.row(values: [:]) == [1, Foundation.log(11.0), 121])
    }

    @Test func designValueErrors() throws {
        let frame = try ModelFrame.build(formula: "distance ~ age * Sex", table: table("orthodont"))
        let design = try #require(frame.design)
        #expect(throws: ModelFrameError.missingDesignValue(variable: "Sex", levels: ["Female", "Male"])) {
            try design.row(values: ["age": .number(8)])
        }
        #expect(throws: ModelFrameError.unknownDesignLevel(variable: "Sex", level: "Other", validLevels: ["Female", "Male"])) {
            try design.row(values: ["Sex": .level("Other")])
        }
        #expect(throws: ModelFrameError.unknownDesignVariable(name: "arm", available: ["age", "Sex"])) {
            try design.row(values: ["Sex": .level("Male"), "arm": .level("PEER")])
        }
        #expect(throws: ModelFrameError.designValueNotNumeric(variable: "age")) {
            try design.row(values: ["Sex": .level("Male"), "age": .level("8")])
        }
    }

    @Test func referenceLevelOfANumericFactor() throws {
        let frame = try ModelFrame.build(formula: "distance ~ factor(age)", table: table("orthodont"),
                                         referenceLevels: ["age": "14"])
        #expect(frame.fixedNames == ["(Intercept)", "factor(age)8", "factor(age)10", "factor(age)12"])
        #expect(row(frame, 3) == [1, 0, 0, 0])  // Orthodont row 4 is age 14
        #expect(row(frame, 0) == [1, 1, 0, 0])
    }

    @Test func handBuiltFramesHaveNoDesign() {
        let frame = ModelFrame(response: [1, 2], responseName: "y", fixed: Matrix(rows: 2, columns: 1, repeating: 1),
                               fixedNames: ["(Intercept)"], randomTerms: [], usedRows: [0, 1])
        #expect(frame.design == nil)
    }
}

import Foundation
