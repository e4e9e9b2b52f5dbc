import Foundation

/// A whole CSV file split into a header and equally long data rows (the reading rules of
/// `DataTable.read(path:)`): UTF-8 checked, quotes checked, spaces around cells trimmed, blank
/// lines skipped, every row as long as the header.
struct CSVCells {
    let header: [String]
    let headerLine: Int
    let cells: CellStore
    let lineNumbers: [Int]
    let delimiter: UInt8

    /// Throws, in the order found: invalid UTF-8, an unclosed quote or text after a closing quote
    /// (at the record where it occurs), no header; then the first row whose length differs from the header's.
    init(data: Data, source: String) throws(TableError) {
        var reader = CSVRecordReader(source: .memory(data, offset: 0), chunkSize: 1 << 22, trimsSpaces: true)
        var record = CSVRecord()
        var header: [String]?
        var headerLine = 0
        var cells = CellStore()
        var lines: [Int] = []
        var firstRagged: TableError?
        while reader.next(into: &record) {
            if record.isTooLong { throw .recordTooLong(source: source, line: record.line, limit: reader.maxRecordBytes) }
            if record.hasNonASCII { try UTF8Check.validate(record, source: source) }
            if let line = record.unclosedQuoteLine { throw .unterminatedQuote(source: source, line: line) }
            if let problem = record.problem {
                throw .malformedQuotedField(source: source, line: record.line, detail: problem)
            }
            if record.isBlankLine { continue }
            guard let names = header else {
                header = record.cells.indices.map { record.string($0) }
                headerLine = record.line
                continue
            }
            if record.cells.count != names.count {
                if firstRagged == nil {
                    firstRagged = .raggedRow(source: source, line: record.line, fieldCount: record.cells.count,
                                             headerCount: names.count)
                }
                continue
            }
            cells.append(record)
            lines.append(record.line)
        }
        guard let header else { throw .empty(source: source) }
        if let firstRagged { throw firstRagged }
        self.header = header
        self.headerLine = headerLine
        self.cells = cells
        self.lineNumbers = lines
        self.delimiter = reader.delimiter
    }
}
