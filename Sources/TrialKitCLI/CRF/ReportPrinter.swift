import CRFValidation
import Foundation
import TrialCore

/// Prints validation reports: one line per issue and a count per code, or the report's JSON.
enum ReportPrinter {
    static func print(_ report: ValidationReport, json: Bool) throws {
        if json {
            Swift.print(String(decoding: try report.json(), as: UTF8.self))
            fflush(nil)
            return
        }
        Swift.print(summary(report))
        for issue in report.issues { Swift.print(issue.description) }
        if report.omitted > 0 {
            Swift.print("… and \(report.omitted) more issue\(report.omitted == 1 ? "" : "s") not listed (the first "
                        + "\(report.issues.count) are shown; the counts below include all; raise --max-issues to list more).")
        }
        if !report.counts.isEmpty {
            Swift.print("Counts: " + report.counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        fflush(nil)  // the report comes before any error message on stderr
    }

    /// `FILE, form F: N rows, no issues` or `…: N rows, E errors, W warnings`.
    static func summary(_ report: ValidationReport) -> String {
        let head = "\(report.file), form \(report.form): \(report.rows) rows"
        let errors = report.count(.error), warnings = report.count(.warning), notes = report.count(.note)
        if errors + warnings + notes == 0 { return head + ", no issues." }
        var parts = ["\(errors) error\(errors == 1 ? "" : "s")", "\(warnings) warning\(warnings == 1 ? "" : "s")"]
        if notes > 0 { parts.append("\(notes) note\(notes == 1 ? "" : "s")") }
        return head + ", " + parts.joined(separator: ", ") + "."
    }

    static func errorCount(_ report: ValidationReport) -> Int {
        report.count(.error)
    }
}
