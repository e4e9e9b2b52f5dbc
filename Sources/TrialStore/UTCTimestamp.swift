import Foundation

/// Timestamps as the store writes them: ISO-8601 in UTC with milliseconds,
/// e.g. `2025-11-23T12:53:07.123Z`.
///
/// Text in this fixed-width form sorts in time order, reads the same in SQLite and PostgreSQL,
/// and leaves no doubt about the time zone (ICH E6(R3) 4.2.2 asks for unambiguous time).
public enum UTCTimestamp {
    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Formats `date` as `YYYY-MM-DDTHH:MM:SS.mmmZ` (milliseconds truncated).
    public static func format(_ date: Date) -> String {
        let parts = utcCalendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: date)
        let wholeSeconds = (date.timeIntervalSince1970).rounded(.down)
        let millis = min(999, max(0, Int(((date.timeIntervalSince1970 - wholeSeconds) * 1000).rounded(.down))))
        func digits(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(digits(parts.year!, 4))-\(digits(parts.month!, 2))-\(digits(parts.day!, 2))T"
            + "\(digits(parts.hour!, 2)):\(digits(parts.minute!, 2)):\(digits(parts.second!, 2)).\(digits(millis, 3))Z"
    }

    /// Reads a date (`2025-11-23`, midnight UTC) or a date-time with `Z` or a numeric offset
    /// (`2025-11-23T12:00Z`, `2025-11-23T12:00:30.5+01:00`) and returns the same instant in the
    /// store's form, or nil when the text is not one of these.
    public static func normalize(_ text: String) -> String? {
        parse(text).map(format)
    }

    /// Parses the forms accepted by ``normalize(_:)``.
    public static func parse(_ text: String) -> Date? {
        let pattern = #"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2}))?$"#
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
        else { return nil }
        func group(_ index: Int) -> String? {
            guard let range = Range(match.range(at: index), in: text) else { return nil }
            return String(text[range])
        }
        var parts = DateComponents()
        parts.year = Int(group(1)!); parts.month = Int(group(2)!); parts.day = Int(group(3)!)
        parts.hour = group(4).flatMap { Int($0) } ?? 0
        parts.minute = group(5).flatMap { Int($0) } ?? 0
        parts.second = group(6).flatMap { Int($0) } ?? 0
        guard (1...12).contains(parts.month!), (1...31).contains(parts.day!),
              (0...23).contains(parts.hour!), (0...59).contains(parts.minute!),
              (0...60).contains(parts.second!)
        else { return nil }
        var offsetSeconds = 0
        if let zone = group(8), zone != "Z" {
            let digits = zone.dropFirst().filter(\.isNumber)
            let hours = Int(digits.prefix(2))!, minutes = Int(digits.suffix(2))!
            guard hours <= 23, minutes <= 59 else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (zone.hasPrefix("-") ? -1 : 1)
        }
        guard let local = utcCalendar.date(from: parts),
              utcCalendar.component(.day, from: local) == parts.day
        else { return nil }
        let fraction = group(7).map { Double("0." + $0)! } ?? 0
        return local.addingTimeInterval(fraction - Double(offsetSeconds))
    }
}
