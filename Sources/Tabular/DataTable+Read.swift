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
    ///
    /// The bytes are split by `CSVRecordReader` and the cells parsed from the bytes (numbers by
    /// `strtod`, which rounds correctly), without a `String` per numeric cell.
    public static func read(path: String) throws(TableError) -> DataTable {
        try read(data: TableSource.data(path: path), source: path)
    }

    /// Reads CSV text (see `read(path:)` for the rules); `source` names it in error messages.
    public static func read(text: String, source: String = "<text>") throws(TableError) -> DataTable {
        try read(data: Data(text.utf8), source: source)
    }

    /// Reads CSV bytes; `source` names them in error messages.
    public static func read(data: Data, source: String) throws(TableError) -> DataTable {
        let file = try CSVCells(data: data, source: source)
        let names = try validatedNames(file.header, line: file.headerLine, cells: file.cells, source: source)
        var columns: [String: Column] = [:]
        let decimalComma = file.delimiter == UInt8(ascii: ";")
        for (index, name) in names.enumerated() {
            columns[name] = CellParsing.column(file.cells, index: index, decimalComma: decimalComma)
        }
        return DataTable(source: source, columnNames: names, columns: columns, lineNumbers: file.lineNumbers)
    }

    /// Header names, with trailing unnamed columns that hold no data dropped (Excel often
    /// writes a trailing delimiter); any other empty or repeated name is an error.
    private static func validatedNames(_ header: [String], line: Int, cells: CellStore,
                                       source: String) throws(TableError) -> [String] {
        var names = header
        while let last = names.last, last.isEmpty, cells.columnIsEmpty(names.count - 1) {
            names.removeLast()
        }
        try TableSource.checkColumnNames(names, line: line, source: source)
        return names
    }
}
