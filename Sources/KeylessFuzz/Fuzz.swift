import Foundation
import KeylessSyntax
import KeylessGenerator
import KeylessLint
import KeylessModel

/// One input through every reader `keyless check` and `generate` use: the workflow and policy
/// linters, and the configuration decoder. Any crash, trap or hang is a finding.
func fuzzOne(_ data: UnsafeRawBufferPointer) {
    let text = String(decoding: data, as: UTF8.self)
    let linter = Linter(pins: .empty)
    _ = linter.lint(text, path: "fuzz.yml")
    _ = linter.lint(text, path: "fuzz.json")
    _ = try? ConfigDecoder.decode(text, path: "fuzz-config.yml")
    _ = try? PolicyCodec.decode(text)
}

#if FUZZING
/// libFuzzer entry point: built with `-sanitize=fuzzer` (see README, "Fuzzing").
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzOne(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// SwiftPM links an executable's entry point as `<Target>_main`; hand control to libFuzzer's driver there.
@_cdecl("KeylessFuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var args = argv
    return runDriver(&count, &args) { data, size in fuzzTestOneInput(data, size) }
}
#else
/// Without the fuzzer: replays the given files (a corpus or a crash reproducer) through the same function.
@main
struct Replay {
    static func main() throws {
        let paths = CommandLine.arguments.dropFirst()
        var count = 0
        for path in paths {
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
            let files = isDir.boolValue ? try FileManager.default.contentsOfDirectory(atPath: path).sorted().map { path + "/" + $0 } : [path]
            for f in files {
                guard let data = FileManager.default.contents(atPath: f) else { continue }
                data.withUnsafeBytes { fuzzOne($0) }
                count += 1
            }
        }
        print("replayed \(count) inputs without a crash")
    }
}
#endif
