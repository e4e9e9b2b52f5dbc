/// A plain-text table with per-column alignment, the way R prints data frames and coefficient
/// matrices: columns separated by one space, numbers right-aligned, labels left-aligned.
struct TextTable {
    enum Alignment { case left, right }

    struct Column {
        var header: String
        var cells: [String]
        var alignment: Alignment

        /// The column with only the cells at `indices`.
        func selecting(_ indices: [Int]) -> Column {
            Column(header: header, cells: indices.map { cells[$0] }, alignment: alignment)
        }
    }

    var columns: [Column]

    init(_ columns: [Column]) { self.columns = columns }

    /// One line per row (header first); trailing spaces removed.
    func lines(separator: String = " ", indent: String = "") -> [String] {
        let rowCount = columns.map(\.cells.count).max() ?? 0
        let widths = columns.map { column in ([column.header] + column.cells).map(\.count).max() ?? 0 }
        func render(_ cell: (Int) -> String) -> String {
            let parts = columns.indices.map { index -> String in
                let text = cell(index)
                let padding = String(repeating: " ", count: max(0, widths[index] - text.count))
                return columns[index].alignment == .right ? padding + text : text + padding
            }
            var line = indent + parts.joined(separator: separator)
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
        var result = [render { columns[$0].header }]
        for row in 0..<rowCount {
            result.append(render { row < columns[$0].cells.count ? columns[$0].cells[row] : "" })
        }
        return result
    }
}
