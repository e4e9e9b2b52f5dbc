import Foundation
import TrialCore

/// The long analysis data set: one row per randomized participant and visit after baseline,
/// with each score at that visit and at baseline (`LongLayout`). Built by `LongDataBuilder`;
/// `csv` is the exact text that `trialkit export long` writes and that `trialkit analyze`
/// hands to the model, so `trialkit fit` on the exported file gives the same numbers.
public struct LongData: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var participantID: String
        /// The allocated arm; nil in data made for a role the protocol blinds.
        public var arm: String?
        /// Levels in the order of `LongData.strata`.
        public var strata: [String]
        public var visit: String
        /// The scores at `visit`, in the order of `LongData.scores`.
        public var values: [Double?]
        /// The scores at baseline, in the order of `LongData.scores`.
        public var baselines: [Double?]

        public init(participantID: String, arm: String?, strata: [String], visit: String, values: [Double?],
                    baselines: [Double?]) {
            self.participantID = participantID; self.arm = arm; self.strata = strata; self.visit = visit
            self.values = values; self.baselines = baselines
        }
    }

    /// Score columns, in the analysis plan's order.
    public var scores: [String]
    /// Stratification factor names, in protocol order.
    public var strata: [String]
    /// False when the arm column is left out (roles the protocol blinds).
    public var includesArm: Bool
    /// The baseline visit and the visits of the rows, in schedule order.
    public var baselineVisit: String
    public var visits: [String]
    public var rows: [Row]

    /// Long data made elsewhere (e.g. a simulated trial); `LongDataBuilder` makes it from CRF records.
    public init(scores: [String], strata: [String], includesArm: Bool = true, baselineVisit: String,
                visits: [String], rows: [Row]) {
        self.scores = scores; self.strata = strata; self.includesArm = includesArm
        self.baselineVisit = baselineVisit; self.visits = visits; self.rows = rows
    }

    /// The header: `participant_id, arm, <strata…>, visit, then <score>, <score>_baseline` per score.
    public var columns: [String] {
        [LongLayout.participant] + (includesArm ? [LongLayout.arm] : []) + strata + [LongLayout.visit]
            + scores.flatMap { [$0, LongLayout.baselineColumn($0)] }
    }

    /// RFC 4180 CSV with a header, `\n` line ends, a missing value as an empty cell, numbers in
    /// Swift's shortest representation that reads back to the same double (so the file and the
    /// analysis see identical values).
    public var csv: String {
        var lines = [columns.map(Self.quoted).joined(separator: ",")]
        lines.reserveCapacity(rows.count + 1)
        for row in rows {
            var cells = [row.participantID]
            if includesArm { cells.append(row.arm ?? "") }
            cells += row.strata
            cells.append(row.visit)
            for (value, baseline) in zip(row.values, row.baselines) {
                cells.append(Self.number(value))
                cells.append(Self.number(baseline))
            }
            lines.append(cells.map(Self.quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The rows kept by `keep`, other columns unchanged.
    public func filter(_ keep: (Row) -> Bool) -> LongData {
        var copy = self
        copy.rows = rows.filter(keep)
        return copy
    }

    static func number(_ value: Double?) -> String {
        guard let value else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || cell == "NA" else {
            return cell
        }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
