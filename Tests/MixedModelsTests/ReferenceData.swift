import Foundation
import LinearAlgebra
@testable import MixedModels

/// A minimal reader for the reference CSVs of fixtures/reference/data (README there: header row,
/// comma separator, unquoted strings without commas, `NA` for missing).
struct ReferenceTable {
    let names: [String]
    let rows: [[String]]

    static var dataDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fixtures/reference/data")
    }

    init(_ name: String) throws {
        let text = try String(contentsOf: Self.dataDirectory.appendingPathComponent(name), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        func cells(_ line: String) -> [String] {
            line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        names = cells(lines[0])
        rows = lines.dropFirst().map(cells)
    }

    func text(_ name: String) -> [String] {
        let j = names.firstIndex(of: name)!
        return rows.map { $0[j] }
    }

    /// Numeric cells; `NA` (R's missing value) becomes NaN.
    func numeric(_ name: String) -> [Double] { text(name).map { Double($0) ?? .nan } }
}

/// A random-effects term from a grouping column, with levels in sorted order (R's factor order
/// for these data sets).
func makeTerm(_ groupingName: String, _ grouping: [String], columns: [(String, [Double])]) -> RandomTerm {
    let levels = Array(Set(grouping)).sorted()
    let position = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, Int32($0)) })
    var matrix = Matrix(rows: grouping.count, columns: columns.count)
    for (j, column) in columns.enumerated() {
        for (i, value) in column.1.enumerated() { matrix[i, j] = value }
    }
    return RandomTerm(groupingName: groupingName, levels: levels, levelIndex: grouping.map { position[$0]! },
                      columnNames: columns.map(\.0), columns: matrix)
}

/// An intercept-only random term.
func interceptTerm(_ groupingName: String, _ grouping: [String]) -> RandomTerm {
    makeTerm(groupingName, grouping, columns: [("(Intercept)", Array(repeating: 1, count: grouping.count))])
}

/// A model frame with an intercept plus the given numeric fixed-effect columns.
func makeFrame(response: [Double], responseName: String, covariates: [(String, [Double])] = [],
               terms: [RandomTerm]) -> ModelFrame {
    let n = response.count
    var x = Matrix(rows: n, columns: covariates.count + 1)
    for i in 0..<n { x[i, 0] = 1 }
    for (j, column) in covariates.enumerated() {
        for (i, value) in column.1.enumerated() { x[i, j + 1] = value }
    }
    return ModelFrame(response: response, responseName: responseName, fixed: x,
                      fixedNames: ["(Intercept)"] + covariates.map(\.0), randomTerms: terms,
                      usedRows: Array(0..<n))
}

enum Reference {
    static func sleepstudy() throws -> ModelFrame {
        let t = try ReferenceTable("sleepstudy.csv")
        let days = t.numeric("Days")
        let term = makeTerm("Subject", t.text("Subject"),
                            columns: [("(Intercept)", Array(repeating: 1, count: days.count)), ("Days", days)])
        return makeFrame(response: t.numeric("Reaction"), responseName: "Reaction",
                         covariates: [("Days", days)], terms: [term])
    }

    static func dyestuff(_ file: String) throws -> ModelFrame {
        let t = try ReferenceTable(file)
        return makeFrame(response: t.numeric("Yield"), responseName: "Yield",
                         terms: [interceptTerm("Batch", t.text("Batch"))])
    }

    static func penicillin() throws -> ModelFrame {
        let t = try ReferenceTable("penicillin.csv")
        return makeFrame(response: t.numeric("diameter"), responseName: "diameter",
                         terms: [interceptTerm("plate", t.text("plate")), interceptTerm("sample", t.text("sample"))])
    }

    /// `strength ~ 1 + (1 | batch/cask)`, given in the order (1 | batch) + (1 | cask:batch) so that
    /// the engine must reorder the terms as lme4 does (cask:batch has 30 levels, batch 10).
    static func pastes() throws -> ModelFrame {
        let t = try ReferenceTable("pastes.csv")
        let batch = t.text("batch"), cask = t.text("cask")
        let caskWithinBatch = zip(cask, batch).map { "\($0):\($1)" }
        return makeFrame(response: t.numeric("strength"), responseName: "strength",
                         terms: [interceptTerm("batch", batch), interceptTerm("cask:batch", caskWithinBatch)])
    }
}
