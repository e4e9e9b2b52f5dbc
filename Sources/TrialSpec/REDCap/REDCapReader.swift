import Foundation
import Tabular

/// One row of a REDCap data dictionary, by column (empty text for an absent column).
struct REDCapRow: Sendable {
    var line: Int
    var variable = "", form = "", section = "", type = "", label = "", choices = "", note = ""
    var validation = "", minimum = "", maximum = "", identifier = "", branching = "", required = ""
    var alignment = "", questionNumber = "", matrixGroup = "", matrixRanking = "", annotation = ""
}

/// Reads the rows of a data dictionary with Tabular's CSV reader (BOM, `,`/`;`/tab, quotes,
/// line breaks in labels) and checks the header.
enum REDCapReader {
    /// The dictionary's columns: the header REDCap writes to the CSV download, then the name
    /// the API's metadata export uses.
    static var columns: [(header: String, api: String, path: WritableKeyPath<REDCapRow, String>)] { [
        ("Variable / Field Name", "field_name", \.variable),
        ("Form Name", "form_name", \.form),
        ("Section Header", "section_header", \.section),
        ("Field Type", "field_type", \.type),
        ("Field Label", "field_label", \.label),
        ("Choices, Calculations, OR Slider Labels", "select_choices_or_calculations", \.choices),
        ("Field Note", "field_note", \.note),
        ("Text Validation Type OR Show Slider Number", "text_validation_type_or_show_slider_number", \.validation),
        ("Text Validation Min", "text_validation_min", \.minimum),
        ("Text Validation Max", "text_validation_max", \.maximum),
        ("Identifier?", "identifier", \.identifier),
        ("Branching Logic (Show field only if...)", "branching_logic", \.branching),
        ("Required Field?", "required_field", \.required),
        ("Custom Alignment", "custom_alignment", \.alignment),
        ("Question Number (surveys only)", "question_number", \.questionNumber),
        ("Matrix Group Name", "matrix_group_name", \.matrixGroup),
        ("Matrix Ranking?", "matrix_ranking", \.matrixRanking),
        ("Field Annotation", "field_annotation", \.annotation),
    ] }

    /// Columns without which a row cannot be converted (REDCap's mandatory columns A, B, D, E).
    static let mandatory = [0, 1, 3, 4]

    /// Letters and digits only, lowercased: `Variable / Field Name` → `variablefieldname`.
    static func key(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) && $0.isASCII }.map(Character.init))
    }

    static func rows(data: Data, fileName: String) throws(REDCapDictionaryError) -> [REDCapRow] {
        let columns = Self.columns
        var reader = CSVRecordReader(source: .memory(data, offset: 0))
        var record = CSVRecord()
        guard reader.next(into: &record), !record.isBlank else {
            throw .notADictionary(file: fileName, reason: "the file is empty")
        }
        guard String(validating: record.bytes, as: UTF8.self) != nil else { throw .notUTF8(file: fileName, line: record.line) }
        var keys: [String: Int] = [:]
        for (index, column) in columns.enumerated() {
            keys[key(column.header)] = index
            keys[key(column.api)] = index
        }
        keys["fieldname"] = 0
        keys["branchinglogic"] = 11
        keys["questionnumber"] = 14
        let names = (0..<record.cells.count).map { record.string($0).trimmingCharacters(in: .whitespaces) }
        var columnOf: [Int?] = []
        var seen: [Int: Int] = [:]
        for (position, name) in names.enumerated() {
            guard let index = keys[key(name)] else {
                if name.isEmpty, position == names.count - 1 { columnOf.append(nil); continue }   // a trailing delimiter
                throw .notADictionary(file: fileName, reason: "column \(position + 1) \"\(name)\" is not a data dictionary column")
            }
            if let first = seen[index] {
                throw .notADictionary(file: fileName, reason: "columns \(first + 1) and \(position + 1) both hold \"\(columns[index].header)\"")
            }
            seen[index] = position
            columnOf.append(index)
        }
        let missing = mandatory.filter { seen[$0] == nil }.map { columns[$0].header }
        guard missing.isEmpty else {
            if seen.isEmpty { throw .notADictionary(file: fileName, reason: "the header names none of its columns") }
            throw .missingColumns(file: fileName, columns: missing)
        }
        var rows: [REDCapRow] = []
        while reader.next(into: &record) {
            if record.isBlank { continue }
            guard String(validating: record.bytes, as: UTF8.self) != nil else { throw .notUTF8(file: fileName, line: record.line) }
            if let problem = record.problem {
                throw .invalidRow(file: fileName, line: record.line, reason: "the row cannot be split into cells: \(problem)")
            }
            let cells = (0..<record.cells.count).map { record.string($0) }
            if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            if cells.count > columnOf.count, cells[columnOf.count...].contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                throw .invalidRow(file: fileName, line: record.line, reason: "the row has \(cells.count) cells but the header "
                    + "has \(columnOf.count); quote labels that contain the delimiter")
            }
            var row = REDCapRow(line: record.line)
            for (position, cell) in cells.enumerated() where position < columnOf.count {
                if let index = columnOf[position] { row[keyPath: columns[index].path] = cell.trimmingCharacters(in: .whitespacesAndNewlines) }
            }
            rows.append(row)
        }
        guard !rows.isEmpty else { throw .notADictionary(file: fileName, reason: "it has a header but no fields") }
        return rows
    }
}
