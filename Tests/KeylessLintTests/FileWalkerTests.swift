import Foundation
import KeylessSyntax
import Testing

@Suite struct FileWalkerTests {
    /// A scratch folder: a/x.yml, a/y.json, b.yaml, c.txt, skipped folders, a loop and a dangling link.
    func tree() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("keyless-walk-\(UUID().uuidString)")
        let fm = FileManager.default
        for dir in ["a", ".git", ".build-linux", "node_modules", ".venv"] {
            try fm.createDirectory(at: root.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
        for f in ["a/x.yml", "a/y.json", "b.yaml", "c.txt", ".git/h.yml", ".build-linux/o.yml", "node_modules/n.yml", ".venv/v.yml"] {
            try Data().write(to: root.appendingPathComponent(f))
        }
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("a/loop").path, withDestinationPath: root.appendingPathComponent("a/loop").path)
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("dangling.yml").path, withDestinationPath: root.appendingPathComponent("missing").path)
        return root
    }

    @Test func walksInNameOrderSkippingBuildAndVCSFolders() throws {
        let root = try tree()
        defer { try? FileManager.default.removeItem(at: root) }
        let r = FileWalker(extensions: [".yml", ".yaml", ".json"]).files(under: [root.path, root.appendingPathComponent("nope").path])
        #expect(r.files.map { String($0.dropFirst(root.path.count + 1)) } == ["a/x.yml", "a/y.json", "b.yaml"])
        #expect(r.problems.map { ($0.rule, URL(fileURLWithPath: $0.location.path).lastPathComponent) }.map { "\($0.0) \($0.1)" }
                == ["read-error loop", "read-error dangling.yml", "read-error nope"])
    }

    @Test func extensionsAndDepthAreParameters() throws {
        let root = try tree()
        defer { try? FileManager.default.removeItem(at: root) }
        let r = FileWalker(extensions: [".yml", ".yaml"], recursive: false).files(under: [root.path])
        #expect(r.files.map { URL(fileURLWithPath: $0).lastPathComponent } == ["b.yaml"])
    }
}

@Suite struct AtomicFileTests {
    @Test func replacesKeepingTheModeAndLeavesNoTemporaryFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("keyless-atomic-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("sub/f.yml")
        try AtomicFile.write(Data("one\n".utf8), to: file)
        #expect(try String(contentsOf: file, encoding: .utf8) == "one\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o750], ofItemAtPath: file.path)
        try AtomicFile.write(Data("two\n".utf8), to: file, durable: true)
        #expect(try String(contentsOf: file, encoding: .utf8) == "two\n")
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o750)
        #expect(try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path) == ["f.yml"])
    }
}
