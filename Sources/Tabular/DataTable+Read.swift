import CSV
import Foundation

extension DataTable {
    /// Reads a CSV file with a header row into typed columns.
    ///
    /// - UTF-8, with or without a byte-order mark; `\n`, `\r\n` or `\r` line ends.
    /// - The delimiter is sniffed from the header: `;` (Danish/German Excel), tab, else `,`.
    /// - Fields may be quoted with `"`; a doubled `""` inside quotes is a literal quote.
    /// - Surrounding spaces are trimmed; blank lines are skipped (as R's `read.csv`).
    /// - Missing values are empty cells and `NA`. A column is numeric when every non-missing
    ///   cell parses as a finite number, text otherwise. With `;` as delimiter a decimal comma
    ///   (`12,5`) is accepted too, as R's `read.csv2` does.
    /// - Throws: `TableError` naming the file and line.
    public static func read(path: String) throws(TableError) -> DataTable {
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

    /// Reads CSV bytes; `source` names them in error messages.
    public static func read(data: Data, source: String) throws(TableError) -> DataTable {
        let text = try CSVText.decodeUTF8(data, source: source)
        return try read(text: text, source: source)
    }

    /// Reads CSV text (see `read(path:)` for the rules); `source` names it in error messages.
    public static func read(text: String, source: String = "<text>") throws(TableError) -> DataTable {
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        try CSVText.checkQuotesClosed(body, source: source)
        let delimiter = CSVText.sniffDelimiter(body)
        let records = try CSVText.records(body, delimiter: delimiter, source: source)
        guard let header = records.first else { throw .empty(source: source) }
        let rows = Array(records.dropFirst())
        let headerCount = header.fields.count
        for row in rows where row.fields.count != headerCount {
            throw .raggedRow(source: source, line: row.line, fieldCount: row.fields.count,
                             headerCount: headerCount)
        }
        let names = try validatedNames(header, rows: rows, source: source)
        var columns: [String: Column] = [:]
        for (index, name) in names.enumerated() {
            let cells = rows.map { $0.fields[index] }
            columns[name] = CellParsing.column(from: cells, decimalComma: delimiter == ";")
        }
        return DataTable(source: source, columnNames: names, columns: columns,
                         lineNumbers: rows.map(\.line))
    }

    /// Header names, with trailing unnamed columns that hold no data dropped (Excel often
    /// writes a trailing delimiter); any other empty or repeated name is an error.
    private static func validatedNames(_ header: CSVText.Record, rows: [CSVText.Record],
                                       source: String) throws(TableError) -> [String] {
        var names = header.fields
        while let last = names.last, last.isEmpty,
              rows.allSatisfy({ $0.fields[names.count - 1].isEmpty }) {
            names.removeLast()
        }
        if let empty = names.firstIndex(of: "") {
            throw .emptyColumnName(source: source, line: header.line, column: empty + 1)
        }
        var firstPosition: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            if let first = firstPosition[name] {
                throw .duplicateColumnName(source: source, line: header.line, name: name,
                                           columns: [first + 1, index + 1])
            }
            firstPosition[name] = index
        }
        return names
    }
}
