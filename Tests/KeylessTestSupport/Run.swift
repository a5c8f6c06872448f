import Foundation

/// What a program printed and how it ended.
public struct RunResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// A program that did not finish in time (it was killed).
public struct RunTimeout: Error, CustomStringConvertible {
    public var command: String
    public var seconds: TimeInterval
    public var description: String { "\(command) did not finish in \(Int(seconds)) s" }
}

/// Runs a program to completion with posix_spawn and waitpid (Foundation's Process can hang on Linux
/// when tests spawn from several threads), capturing output through files so it cannot block.
/// `env` adds variables (an empty value removes one); `cleanEnvironment` starts from none (`env -i`).
public func run(
    _ exe: URL, _ args: [String], cwd: URL? = nil, stdin: String? = nil, env: [String: String] = [:],
    cleanEnvironment: Bool = false, timeout: TimeInterval = 600
) throws -> RunResult {
    var environment = cleanEnvironment ? [:] : ProcessInfo.processInfo.environment
    // An empty value removes the variable (zizmor goes online when GH_TOKEN is set, and refuses an empty one).
    for (k, v) in env { environment[k] = v.isEmpty ? nil : v }
    let dir = try TestPaths.tempDir("run")
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
    // A tool that hangs must fail its test, not the whole run: kill it after `timeout` seconds.
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
        usleep(10_000)
    }
    // WIFEXITED / WEXITSTATUS by hand: the macros are not imported into Swift.
    let exited = status & 0x7f == 0
    return RunResult(status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), stdout: TestPaths.read(out), stderr: TestPaths.read(err))
}
