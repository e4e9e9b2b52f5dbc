import Foundation

/// Runs headless Chromium and scripts/png-stats.py for the rendering check. Test support only.
enum Chromium {
    /// The first Chromium on PATH (Debian's `chromium`, or `chromium-browser`, `google-chrome`).
    static let executable: String? = {
        let names = ["chromium", "chromium-browser", "google-chrome"]
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") + ["/usr/bin"] {
            for name in names {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `arguments[0]` with the rest, waits at most `timeout` seconds, returns standard output.
    @discardableResult
    static func run(_ arguments: [String], timeout: TimeInterval = 120) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var data = Data()
        let reader = output.fileHandleForReading
        // Read while running so a large DOM dump cannot fill the pipe and block Chromium.
        let group = DispatchGroup()
        let box = DataBox()
        group.enter()
        DispatchQueue.global().async {
            box.data = reader.readDataToEndOfFile()
            group.leave()
        }
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            throw Failure(description: "\(arguments[0]) did not finish within \(Int(timeout)) s")
        }
        group.wait()
        data = box.data
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(arguments.joined(separator: " ")) exited with status \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private final class DataBox: @unchecked Sendable {
        var data = Data()
    }

    /// Runs headless Chromium on `page` in a 1280 × `height` CSS-pixel window.
    @discardableResult
    static func headless(_ extra: [String], page: URL, height: Int, scale: Double = 1) throws -> String {
        guard let chromium = executable else { throw Failure(description: "chromium is not installed") }
        // A profile of its own per run, so parallel runs never share a profile lock.
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("trialkit-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        return try run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--no-first-run", "--user-data-dir=\(profile.path)", "--hide-scrollbars",
                        "--force-device-scale-factor=\(scale)", "--window-size=1280,\(height)"] + extra + [page.absoluteString])
    }

    /// Appends a script that writes the page size and the bounding boxes (page coordinates, CSS px)
    /// of the elements with `ids` into `<pre id="layout-boxes">` as JSON, for `--dump-dom`.
    /// Only this test copy has a script; the report itself has none.
    static func layoutProbe(_ html: String, ids: [String]) -> String {
        let list = ids.map { "\"\($0)\"" }.joined(separator: ",")
        let script = """
        <script>
        (function () {
          var out = { documentWidth: document.documentElement.scrollWidth, documentHeight: Math.ceil(document.documentElement.getBoundingClientRect().height), boxes: {} };
          [\(list)].forEach(function (id) {
            var element = document.getElementById(id);
            if (!element) { return; }
            var r = element.getBoundingClientRect();
            out.boxes[id] = { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height };
          });
          var pre = document.createElement("pre");
          pre.id = "layout-boxes";
          pre.textContent = JSON.stringify(out);
          document.body.appendChild(pre);
        })();
        </script>
        """
        return html.replacingOccurrences(of: "</body>", with: script + "\n</body>")
    }
}
