import Foundation
import FuzzTargets

// Built two ways (docs/hardening.md):
// - `make fuzz` builds with `-sanitize=fuzzer,address -DFUZZING`: libFuzzer drives the target
//   named by TRIALKIT_FUZZ_TARGET through `LLVMFuzzerTestOneInput`.
// - a plain `swift build` makes a replay tool: `TrialKitFuzz TARGET FILE...` runs each file
//   through the same entry point and prints the outcome (to reproduce a crash in a debugger).

#if FUZZING
/// The target chosen once per process.
let selectedTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["TRIALKIT_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget.named(name) else {
        let names = FuzzTarget.all.map(\.name).joined(separator: ", ")
        FileHandle.standardError.write(Data("Set TRIALKIT_FUZZ_TARGET to one of: \(names).\n".utf8))
        exit(64)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    _ = selectedTarget.run(data)
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM links an executable's `main` to `<module>_main`; here it hands over to libFuzzer.
@_cdecl("TrialKitFuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    _ = selectedTarget
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzOneInput)
}
#else
@main
struct FuzzReplay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzTarget.named(name), arguments.count > 1 else {
            let names = FuzzTarget.all.map(\.name).joined(separator: "|")
            print("usage: TrialKitFuzz \(names) FILE...  (runs each file through the fuzz entry point)")
            exit(64)
        }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("\(path): cannot read")
                exit(66)
            }
            print("\(path): \(target.run(data))")
        }
    }
}
#endif
