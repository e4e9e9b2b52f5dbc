/// A day in the proleptic Gregorian calendar, stored as the number of days since 1970-01-01.
///
/// Dates are written and read in ISO 8601 extended calendar format, `YYYY-MM-DD` (four-digit
/// year 0001–9999). The day-number conversion is the "days from civil" algorithm of
/// H. Hinnant, "chrono-Compatible Low-Level Date Algorithms" (2013), exact for every date.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public var dayNumber: Int

    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    /// The date with these components, or nil when they name no calendar day.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CalendarDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        dayNumber = CalendarDate.days(year: year, month: month, day: day)
    }

    /// Parses `YYYY-MM-DD`; nil for anything else, including impossible days such as `2023-02-29`.
    public init?(iso text: String) {
        var text = text
        guard let number = text.withUTF8({ CalendarDate.parseDayNumber($0) }) else { return nil }
        dayNumber = number
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    /// (year, month, day) of this date ("civil from days", Hinnant 2013).
    public var components: (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = components
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CalendarDate(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "not a YYYY-MM-DD date: \(text)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    // MARK: - Arithmetic on components

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a valid (year, month, day).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    // MARK: - Parsing UTF-8 bytes (no allocation; used on every cell of a data file)

    /// The day number of `YYYY-MM-DD` in `bytes`, or nil.
    public static func parseDayNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D,
              let year = digits(bytes, 0, 4), let month = digits(bytes, 5, 2),
              let day = digits(bytes, 8, 2),
              (1...9999).contains(year), (1...12).contains(month),
              (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        return days(year: year, month: month, day: day)
    }

    /// Seconds since 1970-01-01T00:00:00 of an ISO 8601 date and time:
    /// `YYYY-MM-DDTHH:MM`, optionally `:SS`, with `T` or one space between date and time,
    /// optionally followed by `Z` or an offset `±HH:MM` (then converted to UTC). Without an
    /// offset the time is taken as written (local times compare as written).
    public static func parseTimestamp(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard bytes.count >= 16, bytes[10] == 0x54 || bytes[10] == 0x20, bytes[13] == 0x3A,
              let day = parseDayNumber(UnsafeBufferPointer(rebasing: bytes[0..<10])),
              let hour = digits(bytes, 11, 2), let minute = digits(bytes, 14, 2),
              hour <= 23, minute <= 59 else { return nil }
        var index = 16
        var second = 0
        if index < bytes.count, bytes[index] == 0x3A {
            guard index + 3 <= bytes.count, let value = digits(bytes, index + 1, 2), value <= 59 else { return nil }
            second = value
            index += 3
        }
        var offset = 0
        if index < bytes.count {
            if bytes[index] == 0x5A, index + 1 == bytes.count {          // Z
                index += 1
            } else if bytes[index] == 0x2B || bytes[index] == 0x2D, index + 6 == bytes.count,
                      bytes[index + 3] == 0x3A, let hours = digits(bytes, index + 1, 2),
                      let minutes = digits(bytes, index + 4, 2), hours <= 23, minutes <= 59 {
                offset = (hours * 3600 + minutes * 60) * (bytes[index] == 0x2D ? -1 : 1)
                index += 6
            } else {
                return nil
            }
        }
        return Double(day * 86_400 + hour * 3600 + minute * 60 + second - offset)
    }

    /// The value of `count` ASCII digits starting at `start`, or nil when any is not a digit.
    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for index in start..<(start + count) {
            let digit = Int(bytes[index]) - 48
            guard (0...9).contains(digit) else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}

/// Seconds since 1970-01-01T00:00:00 of an ISO 8601 date and time (see
/// `CalendarDate.parseTimestamp`), or nil.
public func parseISOTimestamp(_ text: String) -> Double? {
    var text = text
    return text.withUTF8 { CalendarDate.parseTimestamp($0) }
}

private func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
