/// Why a table could not be read: each case names the file (and line) and says what to do next.
public enum TableError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The path does not exist.
    case fileNotFound(path: String)
    /// The path exists but cannot be read (a directory, no permission, an I/O error).
    case unreadableFile(path: String, reason: String)
    /// A byte sequence that is not UTF-8, e.g. a file saved as Windows-1252 by Excel.
    case notUTF8(source: String, line: Int, byte: UInt8)
    /// No header row: the file is empty or holds only blank lines.
    case empty(source: String)
    /// A quoted field is opened but never closed.
    case unterminatedQuote(source: String, line: Int)
    /// A header cell is empty (and its column holds data).
    case emptyColumnName(source: String, line: Int, column: Int)
    /// Two header cells carry the same name (1-based column positions).
    case duplicateColumnName(source: String, line: Int, name: String, columns: [Int])
    /// A data row has a different number of fields than the header.
    case raggedRow(source: String, line: Int, fieldCount: Int, headerCount: Int)
    /// A quoted field followed by more text before the delimiter (`"a"b`); `detail` says which.
    case malformedQuotedField(source: String, line: Int, detail: String)
    /// A record longer than the reader's limit (`CSVRecordReader.maxRecordBytes`), e.g. a file
    /// without line breaks or a binary file; it is refused instead of being held in memory.
    case recordTooLong(source: String, line: Int, limit: Int)

    /// How a caller (the CLI) should classify the failure.
    public enum Category: Sendable, Equatable {
        /// The input does not exist (exit code 66).
        case inputMissing
        /// The input exists but cannot be read (exit code 66 or 77).
        case unreadable
        /// The input was read but its content is invalid (exit code 65).
        case invalidData
    }

    public var category: Category {
        switch self {
        case .fileNotFound: .inputMissing
        case .unreadableFile: .unreadable
        default: .invalidData
        }
    }

    /// The file (or other source) the error is about.
    public var source: String {
        switch self {
        case .fileNotFound(let path), .unreadableFile(let path, _): path
        case .notUTF8(let source, _, _), .empty(let source), .unterminatedQuote(let source, _),
             .emptyColumnName(let source, _, _), .duplicateColumnName(let source, _, _, _),
             .raggedRow(let source, _, _, _), .malformedQuotedField(let source, _, _),
             .recordTooLong(let source, _, _):
            source
        }
    }

    /// The 1-based line the error is about, when there is one.
    public var line: Int? {
        switch self {
        case .fileNotFound, .unreadableFile, .empty: nil
        case .notUTF8(_, let line, _), .unterminatedQuote(_, let line),
             .emptyColumnName(_, let line, _), .duplicateColumnName(_, let line, _, _),
             .raggedRow(_, let line, _, _), .malformedQuotedField(_, let line, _),
             .recordTooLong(_, let line, _):
            line
        }
    }

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "\(path) does not exist; check the path and try again."
        case .unreadableFile(let path, let reason):
            return "\(path) cannot be read (\(reason)); check that it is a file you may read."
        case .notUTF8(let source, let line, let byte):
            let hex = String(byte, radix: 16, uppercase: true)
            let padded = hex.count < 2 ? "0" + hex : hex
            return "\(source) line \(line) is not valid UTF-8 (byte 0x\(padded)); "
                + "save the file as UTF-8 (Excel: 'CSV UTF-8') and try again."
        case .empty(let source):
            return "\(source) is empty; it needs a header row naming the columns, "
                + "then one row per observation."
        case .unterminatedQuote(let source, let line):
            return "\(source) line \(line) opens a quoted field that is never closed; "
                + "add the closing '\"' or remove the stray quote."
        case .emptyColumnName(let source, let line, let column):
            return "\(source) line \(line): column \(column) of the header has no name; "
                + "give every column a name."
        case .duplicateColumnName(let source, let line, let name, let columns):
            let positions = columns.map(String.init).joined(separator: " and ")
            return "\(source) line \(line): the column name '\(name)' appears more than once "
                + "(columns \(positions)); give each column a unique name."
        case .raggedRow(let source, let line, let fieldCount, let headerCount):
            return "\(source) line \(line) has \(fieldCount) field\(fieldCount == 1 ? "" : "s") "
                + "but the header has \(headerCount); fix the row or quote fields that "
                + "contain the delimiter."
        case .malformedQuotedField(let source, let line, let detail):
            return "\(source) line \(line): \(detail)."
        case .recordTooLong(let source, let line, let limit):
            return "\(source) line \(line) is longer than \(limit) bytes (\(TableError.sizeText(limit))), so it was not read; "
                + "check that the file is CSV text with one record per line (LF or CRLF line breaks) and not, "
                + "e.g., a spreadsheet or a file whose line breaks were lost."
        }
    }

    /// `8 MiB`, `512 KiB` or `300 bytes`.
    static func sizeText(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
