import Foundation
import GRDB
import Digest

/// What one run of the analysis plan used and produced, to be recorded.
public struct AnalysisRunInput: Sendable, Equatable {
    public var protocolVersion: Int
    public var protocolChecksum: String
    /// SHA-256 (hex) of the exact long data analysed.
    public var dataHash: String
    public var softwareVersion: String
    /// The one outcome analysed, nil for the whole plan.
    public var outcome: String?
    /// The results as JSON.
    public var results: String
    public init(protocolVersion: Int, protocolChecksum: String, dataHash: String, softwareVersion: String,
                outcome: String?, results: String) {
        self.protocolVersion = protocolVersion; self.protocolChecksum = protocolChecksum; self.dataHash = dataHash
        self.softwareVersion = softwareVersion; self.outcome = outcome; self.results = results
    }
}

/// A recorded analysis run (table `analysis_run`).
public struct AnalysisRun: Sendable, Equatable {
    public var id: Int
    public var input: AnalysisRunInput
    public var runAt: String
    public var runBy: String

    /// The audit view: the row with the results as their SHA-256, so an edited result no longer
    /// matches its event (`audit verify`).
    struct Snapshot: AuditSnapshot {
        static var entity: String { "analysis_run" }
        var id: Int
        var protocolVersion: Int
        var protocolChecksum: String
        var dataHash: String
        var softwareVersion: String
        var outcome: String?
        var resultsSHA256: String
        var runAt: String
        var runBy: String

        enum CodingKeys: String, CodingKey {
            case id, outcome
            case protocolVersion = "protocol_version", protocolChecksum = "protocol_checksum", dataHash = "data_hash"
            case softwareVersion = "software_version", resultsSHA256 = "results_sha256", runAt = "run_at", runBy = "run_by"
        }

        init(row: Row) {
            id = row["id"]; protocolVersion = row["protocol_version"]; protocolChecksum = row["protocol_checksum"]
            dataHash = row["data_hash"]; softwareVersion = row["software_version"]; outcome = row["outcome"]
            resultsSHA256 = sha256Hex(row["results"] as String); runAt = row["run_at"]; runBy = row["run_by"]
        }

        static func current(_ db: Database) throws -> [String: Snapshot] {
            var states: [String: Snapshot] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM analysis_run") {
                let snapshot = Snapshot(row: row)
                states[String(snapshot.id)] = snapshot
            }
            return states
        }
    }
}

extension TrialStore {
    /// Records one analysis run, audited (`analysis.run`), in one transaction.
    @discardableResult
    public func recordAnalysis(_ input: AnalysisRunInput, actor: String) throws(StoreError) -> AnalysisRun {
        try write(actor: actor, action: AuditAction.analysisRun, entity: AnalysisRun.Snapshot.entity, reason: nil) { db, now in
            let id = (try Int.fetchOne(db, sql: "SELECT MAX(id) FROM analysis_run") ?? 0) + 1
            try db.execute(sql: """
                INSERT INTO analysis_run (id, protocol_version, protocol_checksum, data_hash, software_version, outcome,
                                          results, run_at, run_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, input.protocolVersion, input.protocolChecksum, input.dataHash, input.softwareVersion,
                                 input.outcome, input.results, now, actor])
            let row = try Row.fetchOne(db, sql: "SELECT * FROM analysis_run WHERE id = ?", arguments: [id])!
            let run = AnalysisRun(id: id, input: input, runAt: now, runBy: actor)
            return Change(entityID: String(id), oldValue: nil, newValue: try AuditJSON.encode(AnalysisRun.Snapshot(row: row)),
                          result: run)
        }
    }

    /// Every recorded analysis run, oldest first.
    public func analysisRuns() throws(StoreError) -> [AnalysisRun] {
        try read("read the analysis runs") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM analysis_run ORDER BY id").map { row in
                AnalysisRun(id: row["id"], input: AnalysisRunInput(
                    protocolVersion: row["protocol_version"], protocolChecksum: row["protocol_checksum"],
                    dataHash: row["data_hash"], softwareVersion: row["software_version"], outcome: row["outcome"],
                    results: row["results"]), runAt: row["run_at"], runBy: row["run_by"])
            }
        }
    }
}
