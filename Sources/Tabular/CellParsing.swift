/// Missing-value and number rules for CSV cells.
enum CellParsing {
    /// A cell is missing when it is empty or `NA` (R's `na.strings` default).
    static func isMissing(_ cell: String) -> Bool {
        cell.isEmpty || cell == "NA"
    }

    /// A finite number, or `nil`. With `decimalComma`, `12,5` is read as 12.5 (R's
    /// `read.csv2`); a plain `12.5` is accepted too.
    static func number(_ cell: String, decimalComma: Bool) -> Double? {
        if let value = Double(cell), value.isFinite { return value }
        guard decimalComma, cell.contains(","), !cell.contains(".") else { return nil }
        let dotted = String(cell.map { $0 == "," ? "." : $0 })
        guard cell.filter({ $0 == "," }).count == 1,
              let value = Double(dotted), value.isFinite else { return nil }
        return value
    }

    /// A numeric column when every non-missing cell is a finite number, text otherwise.
    static func column(from cells: [String], decimalComma: Bool) -> DataTable.Column {
        var numbers: [Double?] = []
        numbers.reserveCapacity(cells.count)
        for cell in cells {
            if isMissing(cell) {
                numbers.append(nil)
            } else if let value = number(cell, decimalComma: decimalComma) {
                numbers.append(value)
            } else {
                return .text(cells.map { isMissing($0) ? nil : $0 })
            }
        }
        return .numeric(numbers)
    }
}
