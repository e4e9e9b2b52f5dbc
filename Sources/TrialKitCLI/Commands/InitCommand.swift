import ArgumentParser
import TrialSpec
import TrialStore

/// `trialkit init --protocol FILE --user NAME`
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a trial database from a protocol file, with --user as its first admin.",
        discussion: "Refuses (exit 73) when the database file already exists; the file is created with mode 0600.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("protocol"), help: ArgumentHelp("The protocol YAML file.", valueName: "file"))
    var protocolPath: String

    func validate() throws {
        if global.userName == nil {
            throw ValidationError("init needs --user NAME (or TRIALKIT_USER): that user becomes the database's first admin.")
        }
    }

    func run() throws {
        let admin = global.userName!
        try TrialStore.checkCreatable(path: global.databasePath)
        let loaded = try ProtocolLoader.load(path: protocolPath)
        // The store checks that the text hashes to the checksum of the file's bytes.
        let input = ProtocolInput(protocolID: loaded.spec.id, title: loaded.spec.title, sourcePath: loaded.path,
                                  text: loaded.text, checksum: loaded.checksum)
        let store = try TrialStore.create(path: global.databasePath, admin: admin, protocol: input)
        let stored = try store.currentProtocol()
        if global.json {
            try Console.json(InitResult(database: store.path, admin: admin, protocolID: stored.protocolID,
                                        protocolVersion: stored.version, checksum: stored.checksum))
        } else {
            print("Created \(store.path) for protocol \(stored.protocolID) (\(stored.title)).")
            print("Protocol version \(stored.version) stored with SHA-256 \(stored.checksum).")
            print("\(admin) is the first admin. Add users with `trialkit user add NAME --role ROLE`.")
        }
    }
}

struct InitResult: Encodable {
    var database: String
    var admin: String
    var protocolID: String
    var protocolVersion: Int
    var checksum: String

    enum CodingKeys: String, CodingKey {
        case database, admin, checksum
        case protocolID = "protocol_id", protocolVersion = "protocol_version"
    }
}
