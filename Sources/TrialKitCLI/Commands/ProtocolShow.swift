import ArgumentParser
import Foundation
import TrialSpec

/// `trialkit protocol show [FILE]`: a file needs no database; without one, the stored protocol.
struct ProtocolShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Summarise a protocol file, or the protocol stored in the database.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("A protocol YAML file; omit it to show the database's protocol.", valueName: "file"))
    var file: String?

    func run() throws {
        var result: ProtocolShowResult
        if let file {
            let loaded = try ProtocolLoader.load(path: file)
            result = ProtocolShowResult(source: "file", path: file, loaded: loaded)
        } else {
            let session = try Session.open(global, for: .protocolShow)
            let stored = try session.store.currentProtocol()
            let label = "\(session.store.path) (protocol version \(stored.version))"
            let loaded = try ProtocolLoader.check(data: Data(stored.text.utf8), path: label).get()
            result = ProtocolShowResult(source: "database", path: session.store.path, loaded: loaded)
            // SPIRIT 2013 item 16a: block sizes are kept from those who enrol or assign.
            if session.user.role == .trialManager { result.summary = loaded.spec.summary(concealingBlockSizes: true) }
            result.version = stored.version
            result.checksum = stored.checksum
            result.loadedAt = stored.loadedAt
            result.loadedBy = stored.loadedBy
            result.sourcePath = stored.sourcePath
        }
        if global.json {
            try Console.json(result)
            return
        }
        print(result.summary)
        print("")
        if let version = result.version {
            print("Stored in \(result.path) as protocol version \(version), loaded from \(result.sourcePath ?? "?") at \(result.loadedAt ?? "?") by \(result.loadedBy ?? "?").")
        } else {
            print("File \(result.path).")
        }
        print("SHA-256: \(result.checksum)")
    }
}

struct ProtocolShowResult: Encodable {
    var source: String
    var path: String
    var protocolID: String
    var title: String
    var checksum: String
    var version: Int?
    var loadedAt: String?
    var loadedBy: String?
    var sourcePath: String?
    var summary: String

    init(source: String, path: String, loaded: LoadedProtocol) {
        self.source = source; self.path = path
        protocolID = loaded.spec.id; title = loaded.spec.title
        checksum = loaded.checksum; summary = loaded.spec.summary()
    }

    enum CodingKeys: String, CodingKey {
        case source, path, title, checksum, version, summary
        case protocolID = "protocol_id", loadedAt = "loaded_at", loadedBy = "loaded_by", sourcePath = "source_path"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(source, forKey: .source)
        try container.encode(path, forKey: .path)
        try container.encode(protocolID, forKey: .protocolID)
        try container.encode(title, forKey: .title)
        try container.encode(checksum, forKey: .checksum)
        try container.encode(version, forKey: .version)
        try container.encode(loadedAt, forKey: .loadedAt)
        try container.encode(loadedBy, forKey: .loadedBy)
        try container.encode(sourcePath, forKey: .sourcePath)
        try container.encode(summary, forKey: .summary)
    }
}
