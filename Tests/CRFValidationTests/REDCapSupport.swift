import Foundation
import Testing
import TrialCore
import TrialSpec
@testable import CRFValidation

/// Helpers for the REDCap data dictionary tests: conversion, a protocol around the converted
/// forms, and REDCap data exports reshaped to TrialKit's import format.
enum REDCapSupport {
    /// `<package root>/../shared/oracles/redcap`, or `$TRIALKIT_ORACLES/redcap` when that
    /// variable is set (e.g. when the package is a git worktree).
    static var oracleDirectory: String {
        if let root = ProcessInfo.processInfo.environment["TRIALKIT_ORACLES"], !root.isEmpty { return root + "/redcap" }
        return path("../shared/oracles/redcap")
    }

    static func convert(_ file: String) throws -> REDCapConversion {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        return try REDCapDictionary.convert(data: data, fileName: (file as NSString).lastPathComponent)
    }

    /// A small protocol holding the converted YAML: one visit per name in `visits` (10 days
    /// apart, no window) collecting every converted form, and a scored form at a later visit for the analysis section.
    static func protocolText(_ conversion: REDCapConversion, visits: [String] = ["baseline"]) -> String {
        let forms = (conversion.forms.map(\.name) + ["check_score"]).joined(separator: ", ")
        var text = """
            schema_version: 1
            trial: {id: redcap-test, title: "REDCap conversion test", target_sample_size: 10}
            arms:
              - {code: A, ratio: 1}
              - {code: B, ratio: 1}
            randomization: {method: complete}
            visits:

            """
        for (index, visit) in visits.enumerated() {
            text += "  - {name: \(visit), day: \(index * 10), forms: [\(forms)]}\n"
        }
        // The analysis section needs an outcome visit after baseline.
        text += "  - {name: check_after, day: \(visits.count * 10), forms: [check_score]}\n"
        text += """
            analysis:
              outcomes:
                - {name: check_outcome, role: primary, form: check_score, visit: check_after, formula: "check_score ~ arm"}

            """
        return text + conversion.yaml + "  - name: check_score\n    items: {prefix: check_item, count: 1, kind: integer}\n    score: {method: sum}\n"
    }

    static func load(_ conversion: REDCapConversion, visits: [String] = ["baseline"]) throws -> TrialProtocol {
        try ProtocolLoader.check(data: Data(protocolText(conversion, visits: visits).utf8), path: "redcap-test.yaml").get().spec
    }

    /// RFC 4180 rows of `text` (quotes, doubled quotes, line breaks inside quotes).
    static func csvRows(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], cell = "", quoted = false
        var iterator = text.replacingOccurrences(of: "\r\n", with: "\n").makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { cell.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { cell.append(character) }
                continue
            }
            switch character {
            case "\"": quoted = true
            case ",": row.append(cell); cell = ""
            case "\n": row.append(cell); rows.append(row); row = []; cell = ""
            default: cell.append(character)
            }
        }
        if !cell.isEmpty || !row.isEmpty { row.append(cell); rows.append(row) }
        return rows
    }

    static func csvLine(_ cells: [String]) -> String {
        cells.map { $0.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }
            .joined(separator: ",")
    }

    /// A REDCap data export reshaped for `form`: `record_id` → participant_id,
    /// `redcap_event_name` (or `baseline`) → visit, a fixed visit_date, checkbox columns
    /// `field___code` joined as `code|code`. Rows where the form holds nothing are left out.
    static func reshape(export text: String, form: Form, recordID: String) -> (csv: String, visits: [String]) {
        let rows = csvRows(text)
        guard let header = rows.first else { return ("", []) }
        let column = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var visits: [String] = []
        var lines = [csvLine(["participant_id", "visit", "visit_date"] + form.fields.map(\.name))]
        for row in rows.dropFirst() where row.count == header.count {
            let visit = column["redcap_event_name"].map { row[$0] } ?? "baseline"
            if !visits.contains(visit) { visits.append(visit) }
            let values = form.fields.map { field -> String in
                if field.kind == .multichoice {
                    return field.choices.filter { choice in
                        column["\(field.name)___\(choice.code.lowercased())"].map { row[$0] == "1" } ?? false
                    }.map(\.code).joined(separator: "|")
                }
                return column[field.name].map { row[$0] } ?? ""
            }
            let complete = column["\(form.name)_complete"].map { row[$0] } ?? ""
            guard !complete.isEmpty || values.contains(where: { !$0.isEmpty }) else { continue }
            lines.append(csvLine([row[column[recordID] ?? 0], visit, "2020-01-01"] + values))
        }
        return (lines.joined(separator: "\n") + "\n", visits)
    }

    /// Every visit name in an export (in order of first appearance).
    static func visits(export text: String) -> [String] {
        let rows = csvRows(text)
        guard let event = rows.first?.firstIndex(of: "redcap_event_name") else { return ["baseline"] }
        var visits: [String] = []
        for row in rows.dropFirst() where event < row.count && !visits.contains(row[event]) { visits.append(row[event]) }
        return visits
    }
}
