import Foundation
import GRDB
import Testing

/// The people of a randomization test: alice (admin) and one user per other role.
let trialUsers = [("tom", "trial-manager"), ("sara", "statistician"), ("ulla", "unblinder"),
                  ("mona", "monitor"), ("dina", "data-manager")]

/// The five PEER municipalities, in protocol order.
let municipalities = ["København", "Fredericia", "Helsingør", "Rødovre", "Gladsaxe"]

/// A protocol whose design is the one of fixtures/randomization/permuted-blocks-seed*.csv:
/// PEER and SAU 1:1, site {North, South, West} × sex {female, male}, sizes 2, 4, 6 with
/// probabilities 0.25, 0.5, 0.25.
let goldenDesignProtocol = """
    schema_version: 1
    trial: {id: golden, title: Golden list check, target_sample_size: 120}
    arms:
      - {code: PEER, ratio: 1}
      - {code: SAU, ratio: 1}
    stratification:
      - {name: site, levels: [North, South, West]}
      - {name: sex, levels: [female, male]}
    randomization:
      method: permuted-blocks
      block_sizes:
        - {size: 2, probability: 0.25}
        - {size: 4, probability: 0.5}
        - {size: 6, probability: 0.25}
    visits:
      - {name: baseline, day: 0, forms: [scale]}
      - {name: week8, day: 56, forms: [scale]}
    forms:
      - name: scale
        items: {prefix: item, count: 3, kind: integer, min: 0, max: 4}
        score: {method: sum}
    analysis:
      outcomes:
        - {name: scale_week8, role: primary, form: scale, visit: week8, formula: "scale ~ arm + (1 | participant_id)"}

    """

extension Workspace {
    /// `init` with `protocolPath` (alice is admin), then one user per role from `trialUsers`.
    func setUpTrial(protocolPath: String = peerProtocol, db: String = "trial.sqlite") throws {
        let created = try trialkit("init", "--protocol", protocolPath, "--user", "alice", "--db", db)
        #expect(created.status == 0, "\(created)")
        for (name, role) in trialUsers {
            let added = try trialkit("user", "add", name, "--role", role, "--user", "alice", "--db", db)
            #expect(added.status == 0, "\(added)")
        }
    }

    /// `randomize generate` as sara; expects success.
    func generate(seed: UInt64 = 20_240_917, perStratum: Int? = nil, db: String = "trial.sqlite") throws {
        var arguments = ["randomize", "generate", "--seed", String(seed), "--user", "sara", "--db", db]
        if let perStratum { arguments += ["--per-stratum", String(perStratum)] }
        let outcome = try trialkit(arguments)
        #expect(outcome.status == 0, "\(outcome)")
    }

    /// peer.yaml with each `old` replaced by `new` (each must occur), written as `name`.
    func protocolVariant(_ name: String, _ edits: [(String, String)]) throws -> String {
        var text = try String(contentsOfFile: peerProtocol, encoding: .utf8)
        for (old, new) in edits {
            #expect(text.contains(old), "peer.yaml has no \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        try write(name, text)
        return file(name)
    }

    /// Every row of every table, as text: equal dumps mean the database holds the same data.
    func dump(_ name: String = "trial.sqlite") throws -> String {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: file(name), configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            var text = ""
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
                text += "== \(table)\n"
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\" ORDER BY rowid") { text += "\(row)\n" }
            }
            return text
        }
    }

    /// Runs a read-only query on the database file.
    func query<T>(_ name: String = "trial.sqlite", _ body: (Database) throws -> T) throws -> T {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: file(name), configuration: configuration)
        defer { try? queue.close() }
        return try queue.read(body)
    }
}

/// Results gathered from several threads.
final class Collected<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [Value] = []
    func append(_ value: Value) { lock.lock(); values.append(value); lock.unlock() }
}
