import Foundation
import TrialCore
import Yams
import Digest

/// Reads a protocol YAML file, checks it completely and returns the trial definition.
public enum ProtocolLoader {
    /// Loads and checks the protocol at `path`.
    /// - Throws: `ProtocolError.fileMissing` or `.unreadable` (exit 66) when the file cannot be
    ///   read; `.invalid` (exit 65) with every problem found when it is not a valid protocol.
    public static func load(path: String) throws(ProtocolError) -> LoadedProtocol {
        try check(path: path).get()
    }

    /// Like `load(path:)`, returning the outcome instead of throwing.
    public static func check(path: String) -> Result<LoadedProtocol, ProtocolError> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(.fileMissing(path: path))
        }
        if isDirectory.boolValue {
            return .failure(.unreadable(path: path, reason: "it is a directory"))
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            return .failure(.unreadable(path: path, reason: error.localizedDescription))
        }
        return check(data: data, path: path)
    }

    /// Checks protocol bytes that were read elsewhere (for example from the trial database);
    /// `path` names them in messages.
    public static func check(data: Data, path: String) -> Result<LoadedProtocol, ProtocolError> {
        let checksum = sha256Hex(data)
        // `String(validating:as:)` keeps a byte-order mark, so `Data(text.utf8) == data` and the
        // text re-checked from a store gives the same checksum.
        guard let text = String(validating: data, as: UTF8.self) else {
            let (line, column) = firstInvalidUTF8Position(in: data)
            return .failure(.invalid(path: path, problems: [ProtocolProblem(
                file: path, line: line, column: column,
                message: "the file is not valid UTF-8 text; save it with UTF-8 encoding")]))
        }
        var sink = ProblemSink(file: path)
        guard let root = composeDocument(text, into: &sink),
              let spec = ProtocolDecoder.decode(root: root, into: &sink),
              sink.problems.isEmpty else {
            return .failure(.invalid(path: path, problems: sink.sortedProblems))
        }
        return .success(LoadedProtocol(path: path, spec: spec, checksum: checksum, text: text))
    }

    /// Parses the YAML text into a node tree, turning libYAML errors into located problems.
    static func composeDocument(_ text: String, into sink: inout ProblemSink) -> Node? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            sink.add(yamlError: error)
            return nil
        } catch {
            sink.add(line: 1, column: 1, "the YAML cannot be parsed: \(error)")
            return nil
        }
        guard let root else {
            sink.add(line: 1, column: 1, "the file holds no YAML document; a protocol is a mapping "
                + "with keys such as `trial`, `arms`, `visits` and `forms`")
            return nil
        }
        return root
    }

    /// 1-based line and column (in Unicode scalars) of the first byte that is not valid UTF-8.
    static func firstInvalidUTF8Position(in data: Data) -> (Int, Int) {
        var line = 1, column = 1
        var iterator = data.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput, .error:
                return (line, column)
            }
        }
    }
}
