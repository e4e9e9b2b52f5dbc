import Foundation

/// Missing-value and number rules for CSV cells, applied to the cells' UTF-8 bytes.
enum CellParsing {
    /// A cell is missing when it is empty or `NA` (R's `na.strings` default).
    static func isMissing(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        cell.isEmpty || (cell.count == 2 && cell[0] == UInt8(ascii: "N") && cell[1] == UInt8(ascii: "A"))
    }

    /// A finite number, or `nil`: the whole cell must be what C's `strtod` reads (decimal or
    /// hexadecimal floating point, as Swift's `Double(String)`), and the value finite. With
    /// `decimalComma`, `12,5` is read as 12.5 (R's `read.csv2`); a plain `12.5` is accepted too.
    static func number(_ cell: UnsafeBufferPointer<UInt8>, decimalComma: Bool,
                       scratch: inout [CChar]) -> Double? {
        let n = cell.count
        guard n > 0 else { return nil }
        if scratch.count <= n { scratch = [CChar](repeating: 0, count: n + 1) }
        // strtod skips leading white space, which a cell (already trimmed) must not hold.
        let first = cell[0]
        if first == 0x20 || (first >= 0x09 && first <= 0x0D) { return nil }
        var commas = 0, dots = 0
        for i in 0..<n {
            let byte = cell[i]
            if byte == 0 { return nil }
            if byte == UInt8(ascii: ",") { commas += 1 } else if byte == UInt8(ascii: ".") { dots += 1 }
            scratch[i] = CChar(bitPattern: byte)
        }
        if commas > 0 {
            guard decimalComma, commas == 1, dots == 0 else { return nil }
            for i in 0..<n where scratch[i] == CChar(UInt8(ascii: ",")) { scratch[i] = CChar(UInt8(ascii: ".")) }
        }
        scratch[n] = 0
        return scratch.withUnsafeMutableBufferPointer { buffer -> Double? in
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &end)
            guard let end, end == buffer.baseAddress! + n, value.isFinite else { return nil }
            return value
        }
    }

    /// Column `index` of `cells`: numeric when every non-missing cell is a finite number, text otherwise.
    static func column(_ cells: CellStore, index: Int, decimalComma: Bool) -> DataTable.Column {
        let rows = cells.rowCount
        var numbers: [Double?] = []
        numbers.reserveCapacity(rows)
        var scratch = [CChar](repeating: 0, count: 64)
        let numeric = cells.bytes.withUnsafeBufferPointer { bytes -> Bool in
            for row in 0..<rows {
                let range = cells.range(row: row, column: index)
                let cell = UnsafeBufferPointer(rebasing: bytes[range])
                if isMissing(cell) {
                    numbers.append(nil)
                } else if let value = number(cell, decimalComma: decimalComma, scratch: &scratch) {
                    numbers.append(value)
                } else {
                    return false
                }
            }
            return true
        }
        if numeric { return .numeric(numbers) }
        var texts: [String?] = []
        texts.reserveCapacity(rows)
        cells.bytes.withUnsafeBufferPointer { bytes in
            for row in 0..<rows {
                let cell = UnsafeBufferPointer(rebasing: bytes[cells.range(row: row, column: index)])
                texts.append(isMissing(cell) ? nil : String(decoding: cell, as: UTF8.self))
            }
        }
        return .text(texts)
    }
}

/// UTF-8 validity of a record with bytes ≥ 0x80, reporting the line of the first invalid byte.
enum UTF8Check {
    static func validate(_ record: CSVRecord, source: String) throws(TableError) {
        let bytes = record.bytes
        if String(validating: bytes, as: UTF8.self) != nil { return }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput, .error: break loop
            }
        }
        // Line breaks before the bad byte (inside quoted cells): CRLF, LF and CR count once each.
        var line = record.line
        for i in 0..<min(offset, bytes.count) {
            if bytes[i] == 0x0A, i == 0 || bytes[i - 1] != 0x0D { line += 1 }
            if bytes[i] == 0x0D { line += 1 }
        }
        throw .notUTF8(source: source, line: line, byte: offset < bytes.count ? bytes[offset] : 0)
    }
}
