import Foundation
import KeylessCatalog
import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
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

struct RunTimeout: Error, CustomStringConvertible {
    var command: String
    var seconds: TimeInterval
    var description: String { "\(command) did not finish in \(Int(seconds)) s" }
}

struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program to completion with posix_spawn and waitpid (Foundation's Process can hang on Linux
/// when tests spawn from several threads), capturing output through files so it cannot block.
func run(_ exe: URL, _ args: [String], cwd: URL? = nil, stdin: String? = nil, env: [String: String] = [:], timeout: TimeInterval = 600) throws -> RunResult {
    var environment = ProcessInfo.processInfo.environment
    // An empty value removes the variable (zizmor goes online when GH_TOKEN is set, and refuses an empty one).
    for (k, v) in env { environment[k] = v.isEmpty ? nil : v }
    let dir = try Paths.tempDir("run")
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err"), inp = dir.appendingPathComponent("in")
    try Data((stdin ?? "").utf8).write(to: inp)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, inp.path, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, out.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, err.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    // posix_spawn_file_actions_addchdir_np is not imported on this glibc: change directory in sh.
    let command = cwd.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0.path, exe.path] + args } ?? [exe.path] + args
    let argv = command.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, command[0], &actions, nil, argv, envp)
    guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
    // A validator that hangs must fail its test, not the whole run: kill it after `timeout` seconds.
    var status: Int32 = 0
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        let r = waitpid(pid, &status, WNOHANG)
        if r == pid || (r == -1 && errno != EINTR) { break }
        if Date() > deadline {
            kill(pid, SIGKILL)
            _ = waitpid(pid, &status, 0)
            throw RunTimeout(command: command.joined(separator: " "), seconds: timeout)
        }
        usleep(20_000)
    }
    // WIFEXITED / WEXITSTATUS by hand: the macros are not imported into Swift.
    let exited = status & 0x7f == 0
    return RunResult(status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), stdout: Paths.read(out), stderr: Paths.read(err))
}

extension KeylessConfig {
    static func shipped() throws -> KeylessConfig {
        try ConfigLoader.load(Paths.packageRoot.appendingPathComponent("docs-src/keyless.yml").path)
    }
}

func generateShipped() throws -> Generator.Output {
    let generator = Generator(catalog: KeylessCatalog(), renderers: [MarkdownRenderer(), RSTRenderer(), HTMLRenderer()])
    return try generator.generate(try KeylessConfig.shipped())
}
