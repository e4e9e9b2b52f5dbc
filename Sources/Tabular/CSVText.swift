import CSV
import Foundation

/// Text-level helpers around yaslab/CSV.swift's `CSVReader`, which does the field splitting.
enum CSVText {
    /// One CSV record with the 1-based source line it starts on.
    struct Record {
        var fields: [String]
        var line: Int
    }

    /// Decodes UTF-8, dropping a byte-order mark; reports the line of the first invalid byte.
    static func decodeUTF8(_ data: Data, source: String) throws(TableError) -> String {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var line = 1
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        var consumedBefore = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
                consumedBefore = offset
                if scalar == "\n" { line += 1 }
            case .emptyInput:
                break loop
            case .error:
                break loop
            }
        }
        let byte = consumedBefore < bytes.count ? bytes[consumedBefore] : 0
        throw .notUTF8(source: source, line: line, byte: byte)
    }

    /// Picks the delimiter that occurs most often (outside quotes) in the header line:
    /// `;`, tab or `,`; ties and a header without any of them give `,`.
    static func sniffDelimiter(_ text: String) -> UnicodeScalar {
        var counts: [UnicodeScalar: Int] = [",": 0, ";": 0, "\t": 0]
        var inQuotes = false
        var sawContent = false
        for scalar in text.unicodeScalars {
            if scalar == "\"" { inQuotes.toggle(); sawContent = true; continue }
            if inQuotes { continue }
            if scalar == "\n" || scalar == "\r" {
                if sawContent { break }
                continue  // a leading blank line: keep looking for the header
            }
            if scalar != " " && scalar != "\t" { sawContent = true }
            if counts[scalar] != nil { counts[scalar]! += 1; sawContent = true }
        }
        let comma = counts[","]!, semicolon = counts[";"]!, tab = counts["\t"]!
        if semicolon > comma && semicolon >= tab { return ";" }
        if tab > comma && tab > semicolon { return "\t" }
        return ","
    }

    /// Fails when a quoted field is opened and never closed (the reader would otherwise
    /// swallow the rest of the file into one field). Mirrors RFC 4180 quoting only to find
    /// the line; the splitting itself is left to `CSVReader`.
    static func checkQuotesClosed(_ text: String, source: String) throws(TableError) {
        let delimiter = sniffDelimiter(text)
        var line = 1
        var openedOn: Int? = nil
        var atFieldStart = true
        var previousWasQuoteInQuotes = false
        for scalar in text.unicodeScalars {
            if let _ = openedOn {
                if scalar == "\"" {
                    previousWasQuoteInQuotes.toggle()  // "" is an escaped quote
                } else if previousWasQuoteInQuotes {
                    openedOn = nil  // the previous quote closed the field
                    previousWasQuoteInQuotes = false
                    atFieldStart = scalar == delimiter || scalar == "\n" || scalar == "\r"
                }
            } else if scalar == "\"" && atFieldStart {
                openedOn = line
                atFieldStart = false
            } else if scalar == delimiter || scalar == "\n" || scalar == "\r" {
                atFieldStart = true
            } else if scalar != " " && scalar != "\t" {
                atFieldStart = false
            }
            if scalar == "\n" { line += 1 }
        }
        if let opened = openedOn, !previousWasQuoteInQuotes {
            throw .unterminatedQuote(source: source, line: opened)
        }
    }

    /// All non-blank records, with their starting lines.
    static func records(_ text: String, delimiter: UnicodeScalar,
                        source: String) throws(TableError) -> [Record] {
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: true,
                                   delimiter: delimiter)
        } catch {
            throw .unreadableFile(path: source, reason: "\(error)")
        }
        var records: [Record] = []
        var line = 1
        while let fields = reader.next() {
            let start = line
            line += 1 + fields.reduce(0) { $0 + lineBreaks(in: $1) }
            if fields == [""] { continue }  // a blank line
            records.append(Record(fields: fields, line: start))
        }
        if let error = reader.error {
            throw .unreadableFile(path: source, reason: "\(error)")
        }
        return records
    }

    /// Line breaks inside a (quoted) field: `\r\n`, `\n` and `\r` each count once.
    private static func lineBreaks(in field: String) -> Int {
        var count = 0
        var previous: UnicodeScalar? = nil
        for scalar in field.unicodeScalars {
            if scalar == "\n" && previous != "\r" { count += 1 }
            if scalar == "\r" { count += 1 }
            previous = scalar
        }
        return count
    }
}
