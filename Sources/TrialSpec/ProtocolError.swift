// TrialSpec: reading and checking a protocol YAML file into TrialCore values.
import TrialCore

/// A protocol file that was read, parsed and passed every check.
public struct LoadedProtocol: Sendable {
    /// The path the file was read from, as given by the caller.
    public let path: String
    /// The trial definition.
    public let spec: TrialProtocol
    /// Lowercase hexadecimal SHA-256 (FIPS 180-4) of the file's exact bytes.
    public let checksum: String
    /// The file's text, decoded as UTF-8.
    public let text: String

    public init(path: String, spec: TrialProtocol, checksum: String, text: String) {
        self.path = path; self.spec = spec; self.checksum = checksum; self.text = text
    }
}

/// One problem found in a protocol file, located by 1-based line and column
/// (columns count Unicode scalars, as libYAML does).
public struct ProtocolProblem: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file; self.line = line; self.column = column; self.message = message
    }

    /// `file:line:column: message`, the format compilers and editors understand.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Why a protocol file could not be loaded.
public enum ProtocolError: Error, CustomStringConvertible {
    /// No file at the path (exit code 66).
    case fileMissing(path: String)
    /// The file exists but cannot be read (exit code 66).
    case unreadable(path: String, reason: String)
    /// The file was read but is not a valid protocol; every problem found is listed (exit code 65).
    case invalid(path: String, problems: [ProtocolProblem])

    /// The sysexits-style exit code the CLI should use: 66 (input missing) or 65 (data invalid).
    public var exitCode: Int32 {
        switch self {
        case .fileMissing, .unreadable: 66
        case .invalid: 65
        }
    }

    public var description: String {
        switch self {
        case .fileMissing(let path):
            return "Protocol file \(path) does not exist; check the path, or start from protocols/example-3arm.yaml."
        case .unreadable(let path, let reason):
            return "Protocol file \(path) cannot be read (\(reason)); check that it is a readable regular file."
        case .invalid(let path, let problems):
            let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
            let lines = problems.map { "\n" + $0.description }.joined()
            return "Protocol file \(path) is not valid (\(count)); fix each line below and run the check again:"
                + lines
        }
    }
}
