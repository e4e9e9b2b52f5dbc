import Foundation

/// A CSV file read as text cells, without typing: for files whose cells are identifiers or codes
/// (participant IDs such as `007`, allocation tables) that must not be read as numbers.
/// Same reading rules as ``DataTable/read(path:)`` (UTF-8 with or without BOM, sniffed
/// delimiter, RFC 4180 quotes, trimmed cells, blank lines skipped).
public struct TextTable: Sendable, Equatable {
    /// Header names in file order.
    public var columnNames: [String]
    /// Cells of each row, in column order; empty text for an empty cell.
    public var rows: [[String]]
    /// The file line (header = 1) where each row starts.
    public var lineNumbers: [Int]
    public var source: String

    /// The cells of column `name`, or nil when there is no such column.
    public func column(_ name: String) -> [String]? {
        columnNames.firstIndex(of: name).map { index in rows.map { $0[index] } }
    }

    public static func read(path: String) throws(TableError) -> TextTable {
        try read(data: TableSource.data(path: path), source: path)
    }

    public static func read(data: Data, source: String) throws(TableError) -> TextTable {
        let file = try CSVCells(data: data, source: source)
        var names = file.header
        try TableSource.checkColumnNames(names, line: file.headerLine, source: source)
        names = names.map { $0.precomposedStringWithCanonicalMapping }
        let rows = (0..<file.cells.rowCount).map { file.cells.strings(row: $0) }
        return TextTable(columnNames: names, rows: rows, lineNumbers: file.lineNumbers, source: source)
    }
}
