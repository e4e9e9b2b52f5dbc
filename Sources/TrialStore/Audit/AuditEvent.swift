import Digest
import Foundation
import GRDB

/// One row of the append-only audit trail: who did what to which record, when, why, and the
/// value before and after.
///
/// Events form a hash chain. `hash = SHA-256(prevHash ‖ canonical(event))` in lowercase hex,
/// where `prevHash` is the previous event's hash (64 zeros for event 1) and `canonical` is
/// ``canonicalText``. Changing, deleting or reordering any stored event breaks the chain, which
/// ``TrialStore/verifyAudit()`` detects (tamper-evident, not tamper-proof: someone who rewrites
/// every later hash is caught only by comparing the head hash with a copy kept elsewhere).
public struct AuditEvent: Sendable, Equatable, Codable {
    /// Position in the chain, 1, 2, 3... with no gaps.
    public var seq: Int
    /// UTC time of the write, `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    public var occurredAt: String
    /// User name, or ``AuditEvent/systemActor`` for changes TrialKit makes itself (schema upgrades).
    public var actor: String
    /// What happened, e.g. `user.add`, `protocol.load`.
    public var action: String
    /// Kind of record changed, e.g. `user`, `protocol_version`.
    public var entity: String
    /// Key of the record changed.
    public var entityID: String
    /// JSON of the record before the change; nil when it was created.
    public var oldValue: String?
    /// JSON of the record after the change; nil when it was removed.
    public var newValue: String?
    /// Why, as given by the user.
    public var reason: String?
    public var prevHash: String
    public var hash: String

    public init(seq: Int, occurredAt: String, actor: String, action: String, entity: String,
                entityID: String, oldValue: String?, newValue: String?, reason: String?,
                prevHash: String, hash: String) {
        self.seq = seq; self.occurredAt = occurredAt; self.actor = actor; self.action = action
        self.entity = entity; self.entityID = entityID; self.oldValue = oldValue
        self.newValue = newValue; self.reason = reason; self.prevHash = prevHash; self.hash = hash
    }

    /// The actor recorded for changes made by TrialKit itself. The `@` cannot occur in a user name.
    public static let systemActor = "@trialkit"
    /// `prevHash` of the first event.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The event's fields in a fixed order, one per line, each as `name=` followed by `~` for
    /// NULL or by `<UTF-8 byte count>:<text>`. The length prefix makes the encoding unambiguous
    /// whatever the values contain (newlines, `=`, JSON). The first line names the format version.
    public var canonicalText: String {
        var text = "trialkit-audit-v1\n"
        func field(_ name: String, _ value: String?) {
            text += name + "="
            if let value { text += "\(value.utf8.count):\(value)" } else { text += "~" }
            text += "\n"
        }
        field("seq", String(seq))
        field("occurred_at", occurredAt)
        field("actor", actor)
        field("action", action)
        field("entity", entity)
        field("entity_id", entityID)
        field("old_value", oldValue)
        field("new_value", newValue)
        field("reason", reason)
        return text
    }

    /// SHA-256 over `prevHash ‖ canonicalText`, lowercase hex: what ``hash`` must equal.
    public var computedHash: String {
        Self.chainHash(prevHash: prevHash, canonicalText: canonicalText)
    }

    static func chainHash(prevHash: String, canonicalText: String) -> String {
        sha256Hex(prevHash + canonicalText)
    }

    enum CodingKeys: String, CodingKey {
        case seq, actor, action, entity, reason, hash
        case occurredAt = "occurred_at", entityID = "entity_id", oldValue = "old_value"
        case newValue = "new_value", prevHash = "prev_hash"
    }

    /// Writes every key, with `null` for absent values, so that JSON readers see stable fields.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seq, forKey: .seq)
        try container.encode(occurredAt, forKey: .occurredAt)
        try container.encode(actor, forKey: .actor)
        try container.encode(action, forKey: .action)
        try container.encode(entity, forKey: .entity)
        try container.encode(entityID, forKey: .entityID)
        try container.encode(oldValue, forKey: .oldValue)
        try container.encode(newValue, forKey: .newValue)
        try container.encode(reason, forKey: .reason)
        try container.encode(prevHash, forKey: .prevHash)
        try container.encode(hash, forKey: .hash)
    }
}

extension AuditEvent {
    /// Columns in table order, for SELECT lists.
    static let columns = "seq, occurred_at, actor, action, entity, entity_id, old_value, new_value, reason, prev_hash, hash"

    init(row: Row) {
        self.init(seq: row["seq"], occurredAt: row["occurred_at"], actor: row["actor"],
                  action: row["action"], entity: row["entity"], entityID: row["entity_id"],
                  oldValue: row["old_value"], newValue: row["new_value"], reason: row["reason"],
                  prevHash: row["prev_hash"], hash: row["hash"])
    }

    func insert(_ db: Database) throws {
        try db.execute(sql: "INSERT INTO audit_event (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       arguments: [seq, occurredAt, actor, action, entity, entityID, oldValue, newValue,
                                   reason, prevHash, hash])
    }
}
