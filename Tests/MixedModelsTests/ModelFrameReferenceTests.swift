import Foundation
import Testing
import LinearAlgebra
import Tabular
@testable import MixedModels

/// Model frames compared with R: `fixtures/reference/model_matrix/make_reference.R` runs
/// `model.matrix` / lme4's `lFormula` on the same CSV files; names and values must match exactly.
@Suite struct ModelFrameReferenceTests {
    struct ReferenceTerm: Decodable {
        let grouping: String
        let levels: [String]
        let levelIndex: [Int]
        let columnNames: OneOrMany
        let columns: [[String]]
    }

    /// jsonlite writes a length-one character vector as a bare string.
    struct OneOrMany: Decodable {
        let values: [String]
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let one = try? container.decode(String.self) { values = [one] } else {
                values = try container.decode([String].self)
            }
        }
    }

    struct ReferenceCase: Decodable, CustomTestStringConvertible {
        let name: String
        let data: String
        let formula: String
        let referenceLevels: [String: String]
        let responseName: String
        let response: [String]
        let usedRows: [Int]
        let droppedRowCount: Int
        let fixedNames: OneOrMany
        let fixed: [[String]]
        let aliasedNames: OneOrMany
        let random: [ReferenceTerm]
        var testDescription: String { name }
    }

    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/reference/model_matrix")

    static let cases: [ReferenceCase] = {
        let url = directory.appendingPathComponent("cases.json")
        guard let data = try? Data(contentsOf: url),
              let cases = try? JSONDecoder().decode([ReferenceCase].self, from: data) else { return [] }
        return cases
    }()

    private func numbers(_ strings: [String]) -> [Double] { strings.map { Double($0)! } }

    private func column(_ matrix: Matrix, _ j: Int) -> [Double] {
        (0..<matrix.rows).map { matrix[$0, j] }
    }

    @Test func fixturesArePresent() {
        #expect(Self.cases.count >= 20)
    }

    @Test(arguments: cases)
    func matchesR(_ reference: ReferenceCase) throws {
        let table = try DataTable.read(path: Self.directory.appendingPathComponent(reference.data).path)
        let frame = try ModelFrame.build(formula: reference.formula, table: table,
                                         referenceLevels: reference.referenceLevels)
        #expect(frame.responseName == reference.responseName)
        #expect(frame.response == numbers(reference.response))
        #expect(frame.usedRows == reference.usedRows)
        #expect(frame.droppedRowCount == reference.droppedRowCount)
        #expect(frame.fixedNames == reference.fixedNames.values)
        #expect(frame.aliasedNames == reference.aliasedNames.values.filter { !$0.isEmpty })
        #expect(frame.fixed.columns == reference.fixed.count)
        for (j, expected) in reference.fixed.enumerated() where j < frame.fixed.columns {
            #expect(column(frame.fixed, j) == numbers(expected), "column \(reference.fixedNames.values[j])")
        }
        #expect(frame.randomTerms.count == reference.random.count)
        for expected in reference.random {
            let match = frame.randomTerms.first { term in
                (term.groupingName == expected.grouping || term.groupingName.hasPrefix(expected.grouping + "."))
                    && term.columnNames == expected.columnNames.values
            }
            guard let term = match else {
                Issue.record("no term (\(expected.columnNames.values) | \(expected.grouping))")
                continue
            }
            #expect(term.levels == expected.levels)
            #expect(term.levelIndex.map(Int.init) == expected.levelIndex)
            for (j, values) in expected.columns.enumerated() {
                #expect(column(term.columns, j) == numbers(values))
            }
        }
    }
}
