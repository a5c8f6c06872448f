import Foundation

/// A process a test leaves running (a loopback server) or waits for with a deadline, started with
/// posix_spawn (Foundation's Process can hang on Linux when tests spawn from several threads);
/// output goes to files so it can never block on a full pipe.
public final class BackgroundProcess {
    public let pid: pid_t
    private let group: Bool
    private var reaped = false
    private var exitStatus: Int32 = 0

    /// Starts `path` with exactly `env` (`KEY=value` strings; none inherited), output into files.
    /// `ownGroup` puts it in a process group of its own, so `stop()` also ends what it started.
    public init(_ path: String, _ args: [String], env: [String], stdout: URL, stderr: URL, ownGroup: Bool = false) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if stderr == stdout {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, stderr.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        let argv = ([path] + args).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        if ownGroup {
            posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP))
            posix_spawnattr_setpgroup(&attr, 0)
        }
        let rc = posix_spawn(&pid, path, &actions, &attr, argv, envp)
        guard rc == 0 else { throw ProcessError(description: "cannot start \(path): error \(rc)") }
        self.pid = pid
        self.group = ownGroup
    }

    /// Waits for the exit status; kills the process (only this pid) after `seconds`.
    public func wait(seconds: TimeInterval) throws -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while !reaped {
            var status: Int32 = 0
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid {
                reaped = true
                exitStatus = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                break
            }
            if r == -1 && errno != EINTR { reaped = true; break }
            if Date() > deadline {
                stop()
                throw ProcessError(description: "process \(pid) did not finish in \(Int(seconds)) s")
            }
            usleep(20_000)
        }
        return exitStatus
    }

    /// The exit status if the process has ended, nil while it runs (never blocks).
    public func exitedStatus() -> Int32? {
        if reaped { return exitStatus }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        reaped = true
        exitStatus = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return exitStatus
    }

    public func stop() {
        guard !reaped else { return }
        kill(group ? -pid : pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<100 {
            if waitpid(pid, &status, WNOHANG) == pid { reaped = true; return }
            usleep(20_000)
        }
        kill(group ? -pid : pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
        reaped = true
    }

    /// Reads the `PORT n` line the loopback server prints once it listens.
    public func waitForPort(in file: URL, seconds: TimeInterval) throws -> Int {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("PORT ") }), let port = Int(line.dropFirst(5)) {
                return port
            }
            usleep(20_000)
        }
        stop()
        throw ProcessError(description: "the server did not report its port in \(Int(seconds)) s")
    }

    deinit { stop() }
}

/// A process that could not be started, did not finish in time, or never listened.
public struct ProcessError: Error, CustomStringConvertible {
    public var description: String
    public init(description: String) { self.description = description }
}

extension BackgroundProcess {
    /// The current environment as `KEY=value` strings, with `extra` added.
    public static func inheritedEnvironment(_ extra: [String: String] = [:]) -> [String] {
        var env = ProcessInfo.processInfo.environment
        for (k, v) in extra { env[k] = v }
        return env.map { "\($0.key)=\($0.value)" }.sorted()
    }
}
