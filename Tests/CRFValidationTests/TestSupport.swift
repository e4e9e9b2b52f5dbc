import Foundation
import TrialCore
import TrialSpec
@testable import CRFValidation

/// The package root, found from this file's path (Tests/CRFValidationTests/TestSupport.swift).
let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func path(_ relative: String) -> String { packageRoot.appendingPathComponent(relative).path }

/// A bundled protocol, loaded once per use.
func loadProtocol(_ relative: String) throws -> TrialProtocol {
    try ProtocolLoader.load(path: path(relative)).spec
}

/// Validates CSV text held in memory.
func validate(_ csv: String, form: String, in trial: TrialProtocol, showValues: Bool = false,
              known: Set<String>? = nil, randomized: [String: CalendarDate] = [:],
              records: any RecordLookup = NoRecords()) throws -> ValidationReport {
    try Validator(protocol: trial, showValues: showValues).validate(
        data: Data(csv.utf8), name: "test.csv", form: form, knownParticipants: known,
        randomizationDates: randomized, existingRecords: records)
}

/// `line code field` for each issue, a compact form for comparisons.
func summary(_ report: ValidationReport) -> [String] {
    report.issues.map { "\($0.line) \($0.code.rawValue) \($0.field ?? "-")" }
}
