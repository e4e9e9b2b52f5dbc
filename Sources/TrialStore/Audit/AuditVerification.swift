/// The outcome of ``TrialStore/verifyAudit()``.
public struct AuditVerification: Sendable, Equatable, Codable {
    /// Number of events read.
    public var eventCount: Int
    /// The last event's seq and hash as recorded in the head row (nil when there is none).
    /// Keeping a copy of the head hash elsewhere lets a later verify prove nothing was rewritten.
    public var headSeq: Int?
    public var headHash: String?
    /// The first problem found, or nil when the trail is intact.
    public var problem: AuditProblem?

    public var intact: Bool { problem == nil }

    enum CodingKeys: String, CodingKey {
        case intact, eventCount = "event_count", headSeq = "head_seq", headHash = "head_hash", problem
    }

    public init(eventCount: Int, headSeq: Int?, headHash: String?, problem: AuditProblem?) {
        self.eventCount = eventCount; self.headSeq = headSeq; self.headHash = headHash; self.problem = problem
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        eventCount = try container.decode(Int.self, forKey: .eventCount)
        headSeq = try container.decodeIfPresent(Int.self, forKey: .headSeq)
        headHash = try container.decodeIfPresent(String.self, forKey: .headHash)
        problem = try container.decodeIfPresent(AuditProblem.self, forKey: .problem)
    }

    /// Writes `intact` and every key, with `null` for absent values.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(intact, forKey: .intact)
        try container.encode(eventCount, forKey: .eventCount)
        try container.encode(headSeq, forKey: .headSeq)
        try container.encode(headHash, forKey: .headHash)
        try container.encode(problem, forKey: .problem)
    }
}

/// The first place where the audit trail and the data disagree with what was written.
public struct AuditProblem: Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// An event's contents no longer match its hash.
        case edited
        /// Events are missing from the chain (a gap in seq, or the end cut off).
        case missing
        /// An event sits at another position than the one it was written at.
        case reordered
        /// An event's prev_hash does not match the event before it, whose hash was recomputed.
        case unlinked
        /// The head row (last seq and hash) is missing or disagrees with the chain.
        case head
        /// A record in the data differs from what its last audit event says it is.
        case recordMismatch = "record-mismatch"
        /// A record exists that no audit event created.
        case unaudited
        /// An event's old value is not what the record's previous event left (see `AuditCrossCheck`).
        case history
    }

    public var kind: Kind
    /// The event at fault (for `unaudited`, nil).
    public var seq: Int?
    /// One sentence saying what is wrong.
    public var detail: String

    public var description: String { detail }

    public init(kind: Kind, seq: Int?, detail: String) {
        self.kind = kind; self.seq = seq; self.detail = detail
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(seq, forKey: .seq)
        try container.encode(detail, forKey: .detail)
    }

    enum CodingKeys: String, CodingKey { case kind, seq, detail }
}
