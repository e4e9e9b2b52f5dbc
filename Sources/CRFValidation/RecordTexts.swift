import Foundation
import Tabular
import TrialCore

/// The records of a data file as texts, read the way the validator reads them (same delimiter
/// detection, quoting and trimming), for storing a file that validated without errors.
///
/// Numbers written with a decimal comma in a `;`-delimited file are stored with a point, so a
/// stored value reads the same whatever file it came from. Calculated fields are not returned:
/// they are computed, not entered.
public struct RecordTexts: Sendable {
    /// One row: `participant_id`, `visit`, and every other column by name (`visit_date` included).
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var participantID: String
        public var visit: String
        public var values: [String: String]
    }

    public let rows: [Row]

    /// Reads `file` as records of `form` of `trial`.
    public init(file: String, form formName: String, trial: TrialProtocol) throws(ValidationError) {
        guard let form = trial.form(named: formName) else {
            throw .unknownForm(name: formName, known: trial.forms.map(\.name))
        }
        guard let handle = FileHandle(forReadingAtPath: file) else { throw .fileMissing(path: file) }
        defer { try? handle.close() }
        var reader = CSVRecordReader(source: .file(handle))
        let commaDecimal = reader.delimiter == 0x3B
        var record = CSVRecord()
        guard reader.next(into: &record), !record.isBlank || record.isTooLong else { throw .noHeader(path: file) }
        if record.isTooLong { throw .lineTooLong(path: file, line: record.line, limit: reader.maxRecordBytes) }
        let names = Self.cells(record)
        let numeric = Set(form.fields.filter { $0.kind == .decimal || $0.kind == .integer }.map(\.name))
        let calculated = Set(form.fields.filter { $0.kind == .calculated }.map(\.name))
        var rows: [Row] = []
        while reader.next(into: &record) {
            if record.isTooLong { throw .lineTooLong(path: file, line: record.line, limit: reader.maxRecordBytes) }
            if record.isBlank { continue }
            var values: [String: String] = [:]
            for (name, text) in zip(names, Self.cells(record)) where !name.isEmpty && !calculated.contains(name) {
                values[name] = commaDecimal && numeric.contains(name) ? text.replacingOccurrences(of: ",", with: ".") : text
            }
            let participant = values.removeValue(forKey: "participant_id") ?? ""
            let visit = values.removeValue(forKey: "visit") ?? ""
            rows.append(Row(line: record.line, participantID: participant, visit: visit, values: values))
        }
        self.rows = rows
    }

    private static func cells(_ record: CSVRecord) -> [String] {
        record.bytes.withUnsafeBufferPointer { buffer in
            record.cells.map { Bytes.string(Bytes.trimmed(UnsafeBufferPointer(rebasing: buffer[$0.start..<$0.end]))) }
        }
    }
}
