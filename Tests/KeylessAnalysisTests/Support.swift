import KeylessModel
import Foundation

/// The built `keyless` executable next to the test bundle (a minimal copy of KeylessCatalogTests' helper).
enum Tool {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var keyless: URL? {
        let dirs = [Bundle.main.bundleURL.deletingLastPathComponent(), Bundle.main.bundleURL,
                    packageRoot.appendingPathComponent(".build/debug")]
        return dirs.map { $0.appendingPathComponent("keyless") }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}

struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program to completion with posix_spawn and waitpid, output captured through files
/// (Foundation's Process can hang on Linux when tests spawn from several threads).
func run(_ exe: URL, _ args: [String]) throws -> RunResult {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("keyless-analysis-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, out.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, err.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let command = [exe.path] + args
    let argv = command.map { strdup($0) } + [nil]
    let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, command[0], &actions, nil, argv, envp)
    guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    // WIFEXITED / WEXITSTATUS by hand: the macros are not imported into Swift.
    let exited = status & 0x7f == 0
    let read: (URL) -> String = { (try? String(contentsOf: $0, encoding: .utf8)) ?? "" }
    return RunResult(status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), stdout: read(out), stderr: read(err))
}
