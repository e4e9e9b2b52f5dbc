import Foundation
import Testing

/// The package root, found from this file's path (Tests/CLITests/CLITestSupport.swift).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The built binary; `make test` runs `swift build --build-tests` first, which builds it.
let trialkitBinary = packageRoot + "/.build/debug/trialkit"

let peerProtocol = packageRoot + "/protocols/peer.yaml"
let exampleProtocol = packageRoot + "/protocols/example-3arm.yaml"

/// What a finished process left behind.
struct Outcome: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }

    /// stdout parsed as JSON.
    func json() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(stdout.utf8))
    }
}

/// Runs `executable` with `arguments` in `directory`, with TRIALKIT_* variables removed from the
/// inherited environment and `environment` added; `input`, when given, is written to its stdin,
/// which is then closed.
func runProcess(_ executable: String, _ arguments: [String], in directory: String,
                environment: [String: String] = [:], input: String? = nil) throws -> Outcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TRIALKIT_") }
    env.merge(environment) { _, new in new }
    process.environment = env
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let stdin = input.map { _ in Pipe() }
    if let stdin { process.standardInput = stdin }
    try process.run()
    if let stdin, let input {
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
    }
    // Read both pipes before waiting, so a full pipe cannot block the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var errData = Data()
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return Outcome(status: process.terminationStatus,
                   stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
}

/// A temporary working directory for one test, removed afterwards.
final class Workspace {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "trialkit-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    /// Runs the built `trialkit` here.
    @discardableResult
    func trialkit(_ arguments: String..., environment: [String: String] = [:]) throws -> Outcome {
        try trialkit(arguments, environment: environment)
    }

    func trialkit(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        guard FileManager.default.isExecutableFile(atPath: trialkitBinary) else {
            Issue.record("\(trialkitBinary) is missing; run `swift build --build-tests` (or `make test`) first.")
            return Outcome(status: -1, stdout: "", stderr: "")
        }
        return try runProcess(trialkitBinary, arguments, in: path, environment: environment)
    }

    /// `trialkit init` with the PEER protocol and `admin` as first admin; expects success.
    func initialize(admin: String = "alice") throws {
        let outcome = try trialkit("init", "--protocol", peerProtocol, "--user", admin)
        #expect(outcome.status == 0, "\(outcome)")
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: file(name), atomically: true, encoding: .utf8)
    }

    func bytes(_ name: String) -> Data? { FileManager.default.contents(atPath: file(name)) }
}
