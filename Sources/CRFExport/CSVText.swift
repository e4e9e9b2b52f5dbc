/// Writes CSV text as `crf validate` and `crf import` read it (RFC 4180): `,` between cells,
/// LF after each row, a cell quoted (with quotes doubled) when it holds `,`, `"`, a line
/// break, or a leading or trailing space or tab (which the reader would otherwise trim).
enum CSVText {
    static func row(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\n"
    }

    static func cell(_ text: String) -> String {
        let utf8 = text.utf8
        let needsQuotes = utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D || $0 == 0x3B }
            || utf8.first.map { $0 == 0x20 || $0 == 0x09 } == true
            || utf8.last.map { $0 == 0x20 || $0 == 0x09 } == true
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
