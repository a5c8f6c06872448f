import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessTestSupport
import KeylessModel
import Foundation
import Testing

/// SIGKILL during a generation leaves every output file either its old or its new complete content,
/// and the next run repairs everything.
@Suite(.serialized) struct KillSafetyTests {
    func snapshot(_ root: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let u = e?.nextObject() as? URL {
            guard (try u.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            out[String(u.path.dropFirst(root.path.count + 1))] = try Data(contentsOf: u)
        }
        return out
    }

    @Test func killedGenerationLeavesOldOrNewFiles() throws {
        let k = try #require(Tools.keyless)
        let shipped = TestPaths.read(TestPaths.packageRoot.appendingPathComponent("docs-src/keyless.yml"))
        let work = try TestPaths.tempDir("kill")
        let oldConfig = work.appendingPathComponent("old.yml"), newConfig = work.appendingPathComponent("new.yml")
        // The configuration names the hive-kube workflows folder relative to itself.
        try FileManager.default.copyItem(at: TestPaths.packageRoot.appendingPathComponent("docs-src/hive-kube-fixture"), to: work.appendingPathComponent("hive-kube-fixture"))
        try shipped.write(to: oldConfig, atomically: true, encoding: .utf8)
        // Another region and organisation change almost every generated file.
        try shipped.replacingOccurrences(of: "region: us-east-1", with: "region: eu-west-1")
            .replacingOccurrences(of: "organization: honeyhiveai", with: "organization: example-org")
            .write(to: newConfig, atomically: true, encoding: .utf8)
        let oldDir = try TestPaths.tempDir("kill-old"), newDir = try TestPaths.tempDir("kill-new")
        #expect(try run(k, ["generate", "--config", oldConfig.path, "--output", oldDir.path]).status == 0)
        #expect(try run(k, ["generate", "--config", newConfig.path, "--output", newDir.path]).status == 0)
        let old = try snapshot(oldDir), new = try snapshot(newDir)
        #expect(old.count > 50 && old != new)

        var interrupted = 0
        for delayMicros in stride(from: 0, through: 150_000, by: 5_000) {
            let out = try TestPaths.tempDir("kill-run")
            try FileManager.default.removeItem(at: out)
            try FileManager.default.copyItem(at: oldDir, to: out)
            var pid: pid_t = 0
            let args = [k.path, "generate", "--config", newConfig.path, "--output", out.path]
            let argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            #expect(posix_spawn(&pid, k.path, nil, nil, argv, environ) == 0)
            usleep(useconds_t(delayMicros))
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            let killed = status & 0x7f == SIGKILL
            let now = try snapshot(out)
            for (path, data) in now where !path.contains(".keyless-") {
                #expect(data == old[path] || data == new[path], "\(path) is neither old nor new after a kill at \(delayMicros) µs")
            }
            if killed && now.filter({ !$0.key.contains(".keyless-") }) != old.merging(new) { $1 } { interrupted += 1 }
            // The next run repairs everything, including leftover temporary files.
            #expect(try run(k, ["generate", "--config", newConfig.path, "--output", out.path]).status == 0)
            #expect(try snapshot(out) == new, "not repaired after a kill at \(delayMicros) µs")
            try? FileManager.default.removeItem(at: out)
        }
        // Some kills must land mid-run, or the test proves nothing.
        #expect(interrupted > 0, "no kill landed during a generation")
    }
}
