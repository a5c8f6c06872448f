import Foundation
import KeylessCatalog
import KeylessCore
import KeylessModel

enum Paths {
    static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = testsDir.deletingLastPathComponent().deletingLastPathComponent()
    static let reference = testsDir.appendingPathComponent("Reference")
    static var recording: Bool { ProcessInfo.processInfo.environment["KEYLESS_RECORD"] == "1" }

    static func read(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }

    /// The built `keyless` executable next to the test bundle.
    static var keyless: URL? {
        let dirs = [Bundle.main.bundleURL.deletingLastPathComponent(), Bundle.main.bundleURL,
                    packageRoot.appendingPathComponent(".build/debug")]
        return dirs.map { $0.appendingPathComponent("keyless") }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// A tool from the validator venv or PATH; nil when missing.
    static func tool(_ name: String) -> URL? {
        let venv = packageRoot.appendingPathComponent(".venv/bin/\(name)")
        if FileManager.default.isExecutableFile(atPath: venv.path) { return venv }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let u = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: u.path) { return u }
        }
        return nil
    }

    static var requireValidators: Bool { ProcessInfo.processInfo.environment["KEYLESS_REQUIRE_VALIDATORS"] == "1" }

    static func tempDir(_ tag: String) throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("keyless-\(tag)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }
}

struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program to completion, capturing its output (files, not pipes, so large output cannot block).
func run(_ exe: URL, _ args: [String], cwd: URL? = nil, stdin: String? = nil, env: [String: String] = [:]) throws -> RunResult {
    let p = Process()
    p.executableURL = exe
    p.arguments = args
    if let cwd { p.currentDirectoryURL = cwd }
    var environment = ProcessInfo.processInfo.environment
    // An empty value removes the variable (zizmor goes online when GH_TOKEN is set, and refuses an empty one).
    for (k, v) in env { environment[k] = v.isEmpty ? nil : v }
    p.environment = environment
    let dir = try Paths.tempDir("run")
    let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err"), inp = dir.appendingPathComponent("in")
    FileManager.default.createFile(atPath: out.path, contents: nil)
    FileManager.default.createFile(atPath: err.path, contents: nil)
    FileManager.default.createFile(atPath: inp.path, contents: Data((stdin ?? "").utf8))
    p.standardOutput = try FileHandle(forWritingTo: out)
    p.standardError = try FileHandle(forWritingTo: err)
    p.standardInput = try FileHandle(forReadingFrom: inp)
    try p.run()
    p.waitUntilExit()
    defer { try? FileManager.default.removeItem(at: dir) }
    return RunResult(status: p.terminationStatus, stdout: Paths.read(out), stderr: Paths.read(err))
}

extension KeylessConfig {
    static func shipped() throws -> KeylessConfig {
        try ConfigDecoder.decode(Paths.read(Paths.packageRoot.appendingPathComponent("docs-src/keyless.yml")), path: "docs-src/keyless.yml")
    }
}

func generateShipped() throws -> Generator.Output {
    let generator = Generator(catalog: KeylessCatalog(), renderers: [MarkdownRenderer(), RSTRenderer(), HTMLRenderer()])
    return try generator.generate(try KeylessConfig.shipped())
}
