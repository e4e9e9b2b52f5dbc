import Foundation
import TrialCore

/// Converts a REDCap data dictionary (the 18-column CSV REDCap exports and imports) into
/// TrialKit forms, as the `forms:` section of a protocol file.
///
/// Everything that cannot be expressed in TrialKit is listed in `unconverted` by variable,
/// line and reason; nothing is dropped silently. The mapping is documented in
/// docs/crf-validation.md ("REDCap data dictionaries").
public enum REDCapDictionary {
    /// Converts dictionary bytes; `fileName` names them in messages and in the YAML header.
    ///
    /// Never traps on any input: bytes that are not a REDCap dictionary throw a
    /// `REDCapDictionaryError` naming the line.
    public static func convert(data: Data, fileName: String) throws(REDCapDictionaryError) -> REDCapConversion {
        let rows = try REDCapReader.rows(data: data, fileName: fileName)
        var converter = REDCapConverter(fileName: fileName)
        return try converter.convert(rows)
    }
}

/// One dictionary item that was not converted (a whole field, or one of its properties).
public struct REDCapUnconverted: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The REDCap variable (field) name.
    public var variable: String
    /// 1-based line of the field's row in the dictionary (the header is line 1).
    public var line: Int
    /// What was not converted: `field`, `validation`, `branching_logic`, `calculation`,
    /// `min`, `max`, `action_tag`, `matrix_ranking`.
    public var part: String
    public var reason: String

    public init(variable: String, line: Int, part: String, reason: String) {
        self.variable = variable; self.line = line; self.part = part; self.reason = reason
    }

    public var description: String { "line \(line): \(variable) (\(part)): \(reason)" }
}

/// A dictionary item deliberately left out or changed in meaning, for the reader's information.
public struct REDCapNote: Sendable, Equatable, Codable, CustomStringConvertible {
    public var variable: String
    public var line: Int
    public var note: String

    public init(variable: String, line: Int, note: String) {
        self.variable = variable; self.line = line; self.note = note
    }

    public var description: String { "line \(line): \(variable): \(note)" }
}

/// The outcome of a conversion: the forms, their YAML, and what was not converted.
public struct REDCapConversion: Sendable {
    /// The converted forms, as the protocol loader reads them back from `yaml`.
    public var forms: [Form]
    /// One YAML document with a `forms:` key, headed by comments listing `unconverted` and `notes`.
    public var yaml: String
    public var unconverted: [REDCapUnconverted]
    public var notes: [REDCapNote]
    /// The dictionary's record-ID variable (its first field), which becomes `participant_id`.
    public var recordIDField: String?
    /// Fields converted, over all forms.
    public var fieldCount: Int { forms.reduce(0) { $0 + $1.fields.count } }
}

/// Why a file is not a REDCap data dictionary that can be converted.
public enum REDCapDictionaryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No readable file at the path (for callers that read the file; exit code 66).
    case fileMissing(path: String)
    /// Not UTF-8 text.
    case notUTF8(file: String, line: Int)
    /// No header row, or a header without the dictionary's columns.
    case notADictionary(file: String, reason: String)
    /// A mandatory column is absent from the header.
    case missingColumns(file: String, columns: [String])
    /// A row that breaks the dictionary's rules (empty or invalid name, duplicate variable,
    /// wrong number of cells, a form split into separate runs of rows).
    case invalidRow(file: String, line: Int, reason: String)
    /// The converted forms did not pass the protocol checks (a bug in the converter).
    case conversionFailed(file: String, problems: [String])

    /// 66 when the file is missing, else 65 (data invalid).
    public var exitCode: Int32 {
        if case .fileMissing = self { return 66 }
        return 65
    }

    public var description: String {
        switch self {
        case .fileMissing(let path):
            return "\(path) does not exist or cannot be read; check the path of the REDCap data dictionary."
        case .notUTF8(let file, let line):
            return "\(file):\(line): the file is not UTF-8 text; export the data dictionary from REDCap again, or save it as UTF-8."
        case .notADictionary(let file, let reason):
            return "\(file):1: not a REDCap data dictionary: \(reason); export it from REDCap (Project Setup → Data Dictionary → Download)."
        case .missingColumns(let file, let columns):
            return "\(file):1: the header lacks the REDCap data dictionary column\(columns.count == 1 ? "" : "s") "
                + columns.map { "\"\($0)\"" }.joined(separator: ", ") + "; export the full dictionary from REDCap."
        case .invalidRow(let file, let line, let reason):
            return "\(file):\(line): \(reason)."
        case .conversionFailed(let file, let problems):
            return "\(file): the converted forms do not pass TrialKit's protocol checks (please report this): "
                + problems.joined(separator: "; ")
        }
    }
}
