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
        case eventCount = "event_count", headSeq = "head_seq", headHash = "head_hash", problem
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
    }

    public var kind: Kind
    /// The event at fault (for `unaudited`, nil).
    public var seq: Int?
    /// One sentence saying what is wrong.
    public var detail: String

    public var description: String { detail }
}
