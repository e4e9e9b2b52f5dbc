import Foundation
@testable import TrialSpec

/// The package root, found from this file's path (Tests/TrialSpecTests/TestSupport.swift).
let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func path(_ relative: String) -> String { packageRoot.appendingPathComponent(relative).path }

/// Checks YAML text held in memory, named `test.yaml` in problems.
func check(yaml: String) -> Result<LoadedProtocol, ProtocolError> {
    ProtocolLoader.check(data: Data(yaml.utf8), path: "test.yaml")
}

/// The problems reported for `yaml` (empty when it is valid).
func problems(_ yaml: String) -> [ProtocolProblem] {
    switch check(yaml: yaml) {
    case .success: return []
    case .failure(.invalid(_, let problems)): return problems
    case .failure(let error): return [ProtocolProblem(file: "?", line: 0, column: 0, message: "\(error)")]
    }
}

/// Output of a command, or nil when it cannot be run.
func run(_ executable: String, _ arguments: [String]) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(data: output, encoding: .utf8)
}
