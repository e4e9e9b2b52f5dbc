import ArgumentParser
import TrialSpec

/// `trialkit protocol check FILE`: needs no database and no user.
struct ProtocolCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a protocol file and print every problem as file:line:column: message.",
        discussion: "Exits 0 when the protocol is valid, 65 when it has problems, 66 when the file cannot be read.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The protocol YAML file.", valueName: "file"))
    var file: String

    func run() throws {
        switch ProtocolLoader.check(path: file) {
        case .success(let loaded):
            if global.json {
                try Console.json(ProtocolCheckResult(file: file, valid: true, protocolID: loaded.spec.id,
                                                     checksum: loaded.checksum, problems: []))
            } else {
                print("\(file): valid protocol \(loaded.spec.id) (\(loaded.spec.title)), SHA-256 \(loaded.checksum).")
            }
        case .failure(let error):
            if global.json, case .invalid(_, let problems) = error {
                try Console.json(ProtocolCheckResult(file: file, valid: false, protocolID: nil, checksum: nil,
                                                     problems: problems.map(ProblemJSON.init)))
            }
            throw error
        }
    }
}

struct ProtocolCheckResult: Encodable {
    var file: String
    var valid: Bool
    var protocolID: String?
    var checksum: String?
    var problems: [ProblemJSON]

    enum CodingKeys: String, CodingKey { case file, valid, checksum, problems, protocolID = "protocol_id" }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(valid, forKey: .valid)
        try container.encode(protocolID, forKey: .protocolID)
        try container.encode(checksum, forKey: .checksum)
        try container.encode(problems, forKey: .problems)
    }
}

struct ProblemJSON: Encodable {
    var file: String
    var line: Int
    var column: Int
    var message: String

    init(_ problem: ProtocolProblem) {
        file = problem.file; line = problem.line; column = problem.column; message = problem.message
    }
}
