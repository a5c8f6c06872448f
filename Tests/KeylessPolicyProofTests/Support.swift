import Foundation

// The process helpers of Tests/KeylessCatalogTests/Support.swift, for this target (test targets
// cannot share sources).

enum Paths {
    static func read(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
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

/// Runs a program to completion with posix_spawn and waitpid, output through files; an empty value
/// in `env` removes that variable. Killed (by its pid) after `timeout` seconds.
func run(_ exe: URL, _ args: [String], cwd: URL? = nil, env: [String: String] = [:], timeout: TimeInterval = 600) throws -> RunResult {
    var environment = ProcessInfo.processInfo.environment
    for (k, v) in env { environment[k] = v.isEmpty ? nil : v }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("keyless-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, out.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, err.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let command = cwd.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0.path, exe.path] + args } ?? [exe.path] + args
    let argv = command.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, command[0], &actions, nil, argv, envp)
    guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
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
    let exited = status & 0x7f == 0
    return RunResult(status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), stdout: Paths.read(out), stderr: Paths.read(err))
}
