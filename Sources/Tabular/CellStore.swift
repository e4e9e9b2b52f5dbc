/// The cells of equally long records, kept as one byte arena plus the end offset of every cell
/// (row-major), so that a table of n rows costs two arrays rather than n × columns strings.
struct CellStore {
    private(set) var bytes: [UInt8] = []
    /// End offset in `bytes` of cell (row, column) at `row · columnCount + column`; a cell starts
    /// where the previous one ends.
    private(set) var ends: [Int] = []
    private(set) var columnCount = 0

    var rowCount: Int { columnCount == 0 ? 0 : ends.count / columnCount }

    mutating func append(_ record: CSVRecord) {
        if ends.isEmpty { columnCount = record.cells.count }
        let base = bytes.count
        bytes.append(contentsOf: record.bytes[..<(record.cells.last?.end ?? 0)])
        // Cells are contiguous in the record (no byte between them), so offsets carry over.
        for cell in record.cells { ends.append(base + cell.end) }
    }

    @inline(__always)
    func range(row: Int, column: Int) -> Range<Int> {
        let e = row * columnCount + column
        return (e == 0 ? 0 : ends[e - 1])..<ends[e]
    }

    func string(row: Int, column: Int) -> String {
        String(decoding: bytes[range(row: row, column: column)], as: UTF8.self)
    }

    func strings(row: Int) -> [String] { (0..<columnCount).map { string(row: row, column: $0) } }

    func columnIsEmpty(_ column: Int) -> Bool {
        (0..<rowCount).allSatisfy { range(row: $0, column: column).isEmpty }
    }
}
