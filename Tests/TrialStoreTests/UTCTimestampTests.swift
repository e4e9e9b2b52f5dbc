import Foundation
import Testing
import TrialStore

@Suite("UTC timestamps")
struct UTCTimestampTests {
    @Test("Formats with milliseconds and Z")
    func format() {
        #expect(UTCTimestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(UTCTimestamp.format(Date(timeIntervalSince1970: 1_740_819_600.25)) == "2025-03-01T09:00:00.250Z")
        #expect(UTCTimestamp.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
    }

    @Test("Normalises dates, UTC times and offsets to the stored form")
    func normalize() {
        #expect(UTCTimestamp.normalize("2025-03-01") == "2025-03-01T00:00:00.000Z")
        #expect(UTCTimestamp.normalize("2025-03-01T09:30Z") == "2025-03-01T09:30:00.000Z")
        #expect(UTCTimestamp.normalize("2025-03-01T09:30:15.5Z") == "2025-03-01T09:30:15.500Z")
        #expect(UTCTimestamp.normalize("2025-03-01T10:30:00+01:00") == "2025-03-01T09:30:00.000Z")
        #expect(UTCTimestamp.normalize("2025-03-01T00:30:00-0130") == "2025-03-01T02:00:00.000Z")
    }

    @Test("Rejects what is not a date")
    func reject() {
        for text in ["", "yesterday", "2025-13-01", "2025-02-30", "2025-03-01T25:00Z", "2025-03-01T09:30", "01/03/2025"] {
            #expect(UTCTimestamp.normalize(text) == nil, "\(text)")
        }
    }
}
