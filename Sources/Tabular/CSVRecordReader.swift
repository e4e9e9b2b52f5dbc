import Foundation

/// One record of a CSV file: its cells as byte ranges into `bytes` (quotes removed, doubled
/// quotes undone), the line on which it starts, and what was wrong with it, if anything.
public struct CSVRecord: Sendable {
    public internal(set) var bytes: [UInt8] = []
    /// Start and end offsets of each cell in `bytes`.
    public internal(set) var cells: [(start: Int, end: Int)] = []
    /// 1-based line where the record starts.
    public internal(set) var line = 0
    /// Why the record cannot be trusted (a quote left open, text after a closing quote).
    public internal(set) var problem: String?
    /// The 1-based line of a quote that is never closed (the record then runs to the end of the file).
    public internal(set) var unclosedQuoteLine: Int?
    /// True when some byte is ≥ 0x80 (only then need UTF-8 validity be checked).
    public internal(set) var hasNonASCII = false
    /// True when the record ran past the reader's `maxRecordBytes`: its bytes were dropped as
    /// they were read (so memory stays bounded), `cells` is empty and `problem` says why.
    /// Callers should stop with `TableError.recordTooLong` (or their own equivalent).
    public internal(set) var isTooLong = false

    public init() {}

    mutating func reset(line: Int) {
        bytes.removeAll(keepingCapacity: true)
        cells.removeAll(keepingCapacity: true)
        self.line = line
        problem = nil
        unclosedQuoteLine = nil
        hasNonASCII = false
        isTooLong = false
    }

    /// True for a blank line or a row of empty cells (such as `,,,` left by a spreadsheet).
    public var isBlank: Bool { bytes.isEmpty }

    /// True for a line with no delimiter and nothing (after trimming) in its one cell.
    public var isBlankLine: Bool { cells.count == 1 && bytes.isEmpty }

    /// The bytes of cell `index`.
    public func cell(_ index: Int) -> ArraySlice<UInt8> { bytes[cells[index].start..<cells[index].end] }

    /// Cell `index` decoded as UTF-8 (invalid bytes become U+FFFD).
    public func string(_ index: Int) -> String { String(decoding: cell(index), as: UTF8.self) }
}

/// Where the bytes of a CSV file come from.
public enum ByteSource: Sendable {
    case file(FileHandle)
    case memory(Data, offset: Int)

    /// Up to `count` further bytes appended to `buffer`; false at the end.
    public mutating func read(into buffer: inout [UInt8], count: Int) -> Bool {
        switch self {
        case .file(let handle):
            guard let data = try? handle.read(upToCount: count), !data.isEmpty else { return false }
            buffer.append(contentsOf: data)
            return true
        case .memory(let data, let offset):
            guard offset < data.count else { return false }
            let end = min(data.count, offset + count)
            buffer.append(contentsOf: data[(data.startIndex + offset)..<(data.startIndex + end)])
            self = .memory(data, offset: end)
            return true
        }
    }
}

/// Streams the records of a CSV file (RFC 4180) in fixed-size chunks, so memory stays bounded
/// whatever the file's size. The one CSV splitter of the program: `DataTable.read` and the CRF
/// validation both use it.
///
/// Accepts UTF-8 with or without a byte-order mark; `,`, `;` or tab as the delimiter, chosen
/// as the one that occurs most often outside quotes in the header line, the first non-blank
/// line (`,` on a tie, then `;`); fields in double quotes may hold delimiters, line breaks and
/// doubled quotes; lines may end in LF, CRLF or CR. Line numbers count every line break,
/// including those inside quoted fields. With `trimsSpaces`, ASCII spaces (and tabs, unless
/// tab is the delimiter) around a cell are dropped, as R's `read.csv(strip.white = TRUE)`
/// does; spaces inside quotes are kept, and a quote after leading spaces still opens a quoted field.
public struct CSVRecordReader {
    private let chunkSize: Int
    private var source: ByteSource
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var line = 1
    public private(set) var delimiter: UInt8 = 0x2C
    private let trimsSpaces: Bool
    /// The longest record (in bytes of the file, quotes and line breaks included) read whole.
    public let maxRecordBytes: Int
    /// Offset in the file of `buffer[0]`, and of the first byte of the record being read.
    private var bufferOrigin = 0
    private var recordOrigin = 0

    /// The default `maxRecordBytes`: 8 MiB, far above any real CRF or model-data row, far below
    /// what would exhaust memory.
    public static let defaultMaxRecordBytes = 8 << 20

    /// `chunkSize` bytes are read at a time (1 MiB by default). A record longer than
    /// `maxRecordBytes` is not kept: it is returned with `isTooLong` set and no cells, so a file
    /// with one 100 MB line costs at most `maxRecordBytes + chunkSize` bytes of memory.
    public init(source: ByteSource, chunkSize: Int = 1 << 20, trimsSpaces: Bool = false,
                maxRecordBytes: Int = CSVRecordReader.defaultMaxRecordBytes) {
        self.source = source
        self.chunkSize = chunkSize
        self.trimsSpaces = trimsSpaces
        self.maxRecordBytes = maxRecordBytes
        fill()
        // Leading blank lines, then the whole header line (or as much as a record may hold).
        while !atEnd, buffer.count <= maxRecordBytes, !Self.hasContentLine(buffer[...]) { fill() }
        if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
        delimiter = sniffDelimiter()
    }

    /// True when `bytes` hold a line break after some non-blank byte.
    private static func hasContentLine(_ bytes: ArraySlice<UInt8>) -> Bool {
        var content = false
        for byte in bytes {
            if byte == 0x0A || byte == 0x0D {
                if content { return true }
            } else if byte != 0x20 && byte != 0x09 {
                content = true
            }
        }
        return false
    }

    private mutating func fill() {
        if position > 0 {
            buffer.removeSubrange(0..<position)
            bufferOrigin += position
            position = 0
        }
        if !source.read(into: &buffer, count: chunkSize) { atEnd = true }
    }

    /// Delimiter of the header line: the most frequent of `,` `;` tab outside quotes.
    private func sniffDelimiter() -> UInt8 {
        var counts: [UInt8: Int] = [0x2C: 0, 0x3B: 0, 0x09: 0]
        var quoted = false
        var content = false
        for byte in buffer[position...] {
            if byte == 0x22 { quoted.toggle() }
            if quoted { continue }
            if byte == 0x0A || byte == 0x0D {
                if content { break }
                continue   // a leading blank line
            }
            if byte != 0x20 { content = true }
            if counts[byte] != nil { counts[byte]! += 1 }
        }
        let best = [UInt8(0x2C), 0x3B, 0x09].max { counts[$0]! < counts[$1]! }!
        return counts[best]! > 0 ? best : 0x2C
    }

    /// Reads the next record into `record`; false at the end of the file.
    public mutating func next(into record: inout CSVRecord) -> Bool {
        if position >= buffer.count, !atEnd { fill() }
        guard position < buffer.count else { return false }
        record.reset(line: line)
        recordOrigin = bufferOrigin + position
        var cellStart = 0
        var quoted = false        // inside a quoted field
        var closedQuote = false   // a quoted field's closing quote was seen
        var fieldStarted = false  // some byte of the current cell was read
        var quoteLine = line      // where the last quoted field opened
        var keptEnd = 0           // with trimming: end of the cell's quoted content (never trimmed)
        let delimiter = self.delimiter, trims = trimsSpaces
        let trimsTab = trims && delimiter != 0x09
        @inline(__always) func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (trimsTab && byte == 0x09) }
        @inline(__always) func endCell(_ record: inout CSVRecord) {
            if trims {
                let floor = max(cellStart, keptEnd)
                while record.bytes.count > floor, isSpace(record.bytes[record.bytes.count - 1]) {
                    record.bytes.removeLast()
                }
            }
            record.cells.append((cellStart, record.bytes.count))
        }
        while true {
            if position >= buffer.count {
                if atEnd { break }
                // Checked once per chunk, so the per-byte loop stays as it was.
                if bufferOrigin + position - recordOrigin > maxRecordBytes { dropTooLong(&record) }
                fill()
                if position >= buffer.count { break }
            }
            let byte = buffer[position]
            position += 1
            if byte >= 0x80 { record.hasNonASCII = true }
            if quoted {
                if byte == 0x22 {
                    if peek() == 0x22 {
                        position += 1
                        record.bytes.append(0x22)
                    } else {
                        quoted = false
                        closedQuote = true
                        keptEnd = record.bytes.count
                    }
                } else {
                    if byte == 0x0A || (byte == 0x0D && peek() != 0x0A) { line += 1 }
                    record.bytes.append(byte)
                }
                continue
            }
            switch byte {
            case delimiter:
                endCell(&record)
                cellStart = record.bytes.count
                closedQuote = false
                fieldStarted = false
            case 0x0A, 0x0D:
                if byte == 0x0D, peek() == 0x0A { position += 1 }
                line += 1
                endCell(&record)
                if record.isTooLong || bufferOrigin + position - recordOrigin > maxRecordBytes { dropTooLong(&record) }
                return true
            case 0x22 where !fieldStarted:
                quoted = true
                fieldStarted = true
                quoteLine = line
            default:
                if trims, isSpace(byte), !fieldStarted || closedQuote { continue }
                if closedQuote, record.problem == nil {
                    record.problem = "text follows the closing quote of cell \(record.cells.count + 1); "
                        + "quote the whole cell and double any quote inside it"
                }
                fieldStarted = true
                record.bytes.append(byte)
            }
        }
        if quoted {
            record.problem = "a quote opened in cell \(record.cells.count + 1) is never closed"
            record.unclosedQuoteLine = quoteLine
        }
        endCell(&record)
        if record.isTooLong || bufferOrigin + position - recordOrigin > maxRecordBytes { dropTooLong(&record) }
        return true
    }

    /// Marks `record` too long and drops what it holds; the rest of it is still parsed (so the
    /// next record starts where it should) but dropped chunk by chunk.
    private func dropTooLong(_ record: inout CSVRecord) {
        if !record.isTooLong {
            record.isTooLong = true
            record.problem = "the line is longer than \(maxRecordBytes) bytes"
        }
        record.bytes.removeAll(keepingCapacity: true)
        record.cells.removeAll(keepingCapacity: true)
    }

    /// The next byte, reading ahead into a new chunk if needed (0 at the end of the file).
    private mutating func peek() -> UInt8 {
        if position >= buffer.count, !atEnd { fill() }
        return position < buffer.count ? buffer[position] : 0
    }
}
