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
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .fileNotFound(path: path)
        }
        if isDirectory.boolValue { throw .unreadableFile(path: path, reason: "it is a directory") }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadableFile(path: path, reason: error.localizedDescription)
        }
        return try read(data: data, source: path)
    }

    public static func read(data: Data, source: String) throws(TableError) -> TextTable {
        let file = try CSVCells(data: data, source: source)
        var names = file.header
        if let empty = names.firstIndex(of: "") {
            throw .emptyColumnName(source: source, line: file.headerLine, column: empty + 1)
        }
        var first: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            if let earlier = first[name] {
                throw .duplicateColumnName(source: source, line: file.headerLine, name: name,
                                           columns: [earlier + 1, index + 1])
            }
            first[name] = index
        }
        names = names.map { $0.precomposedStringWithCanonicalMapping }
        let rows = (0..<file.cells.rowCount).map { file.cells.strings(row: $0) }
        return TextTable(columnNames: names, rows: rows, lineNumbers: file.lineNumbers, source: source)
    }
}
