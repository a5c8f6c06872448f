import KeylessGenerator
import KeylessTestSupport
import KeylessModel
import Foundation
import KeylessSyntax
import Testing

@Suite struct WriterTests {
    func tempDir() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("keyless-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    func mtime(_ url: URL) throws -> Date {
        try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date)
    }

    @Test func writesThenTouchesNothingOnNoOp() throws {
        let root = try tempDir()
        let w = OutputWriter(root: root)
        let files = [RenderedFile(path: "docs/md/a.md", contents: "a\n"), RenderedFile(path: "Snippets/x.yml", contents: "x: 1\n")]
        let first = try w.plan(files)
        #expect(first.create.count == 3)  // two files and the manifest
        try w.apply(first)
        let before = try mtime(root.appendingPathComponent("docs/md/a.md"))
        Thread.sleep(forTimeInterval: 0.02)
        let second = try w.plan(files)
        #expect(second.isEmpty)
        #expect(second.unchanged == 3)
        try w.apply(second)
        #expect(try mtime(root.appendingPathComponent("docs/md/a.md")) == before)
    }

    @Test func checkReportShowsADiff() throws {
        let root = try tempDir()
        let w = OutputWriter(root: root)
        try w.apply(try w.plan([RenderedFile(path: "docs/md/a.md", contents: "one\ntwo\nthree\n")]))
        let plan = try w.plan([RenderedFile(path: "docs/md/a.md", contents: "one\n2\nthree\n")])
        let report = OutputWriter.report(plan)
        #expect(report.contains("out of date: docs/md/a.md"))
        #expect(report.contains("-two\n+2"))
        #expect(TestPaths.read(root.appendingPathComponent("docs/md/a.md")) == "one\ntwo\nthree\n")
    }

    @Test func staleFilesGoOnlyWhenTheManifestListsThem() throws {
        let root = try tempDir()
        let w = OutputWriter(root: root)
        try w.apply(try w.plan([RenderedFile(path: "docs/md/old.md", contents: "old\n")]))
        try "mine\n".write(to: root.appendingPathComponent("docs/md/handwritten.md"), atomically: true, encoding: .utf8)
        let plan = try w.plan([RenderedFile(path: "docs/md/new.md", contents: "new\n")])
        #expect(plan.delete.map(\.path) == ["docs/md/old.md"])
        try w.apply(plan)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("docs/md/handwritten.md").path))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("docs/md/old.md").path))
    }

    @Test func scopeKeepsOtherFormats() throws {
        let root = try tempDir()
        let w = OutputWriter(root: root)
        try w.apply(try w.plan([RenderedFile(path: "docs/md/a.md", contents: "a\n"), RenderedFile(path: "docs/rst/a.rst", contents: "a\n")]))
        let plan = try w.plan([RenderedFile(path: "docs/md/a.md", contents: "a\n")], scope: ["docs/md/"])
        #expect(plan.delete.isEmpty)
        #expect(plan.isEmpty)
    }

    @Test(arguments: ["../escape.md", "/etc/passwd", "docs/../../x", "docs//x", "./x", ""])
    func pathsOutsideTheRootAreRefused(_ path: String) throws {
        let root = try tempDir()
        #expect(throws: DiagnosticError.self) { try OutputWriter(root: root).plan([RenderedFile(path: path, contents: "x")]) }
    }

    @Test func symlinkOutOfTheRootIsRefused() throws {
        let root = try tempDir()
        let outside = try tempDir()
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("docs"), withDestinationURL: outside)
        do {
            _ = try OutputWriter(root: root).plan([RenderedFile(path: "docs/x.md", contents: "x")])
            Issue.record("a write through a symlink out of the root was planned")
        } catch {
            #expect(error.diagnostics.first?.rule == "write-outside-output")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
    }

    /// `plan` resolves each folder's links once for all its files: every file below a folder that links
    /// out is refused, and a file that is itself a link out is refused beside siblings that are fine.
    @Test func everyFileThroughALinkOutIsRefusedWhenFoldersAreResolvedOnce() throws {
        let root = try tempDir()
        let outside = try tempDir()
        try FileManager.default.createDirectory(at: root.appendingPathComponent("docs/md"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("docs/rst"), withDestinationURL: outside)
        try Data("old".utf8).write(to: outside.appendingPathComponent("target.md"))
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("docs/md/link.md"), withDestinationURL: outside.appendingPathComponent("target.md"))
        let files = ["docs/md/a.md", "docs/md/link.md", "docs/md/b.md", "docs/rst/a.rst", "docs/rst/b.rst", "docs/rst/deeper/c.rst"]
            .map { RenderedFile(path: $0, contents: "x\n") }
        do {
            _ = try OutputWriter(root: root).plan(files)
            Issue.record("writes through symlinks out of the root were planned")
        } catch {
            #expect(error.diagnostics.map(\.location.path) == ["docs/md/link.md", "docs/rst/a.rst", "docs/rst/b.rst", "docs/rst/deeper/c.rst"])
            #expect(error.diagnostics.allSatisfy { $0.rule == "write-outside-output" })
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path) == ["target.md"])
    }

    /// Files are written on every core: many files in many folders all land with their bytes, and a
    /// second plan finds nothing to do.
    @Test func manyFilesInManyFoldersAreAllWritten() throws {
        let root = try tempDir()
        let w = OutputWriter(root: root)
        let files = (0..<500).map { i in RenderedFile(path: "docs/f\(i % 17)/g\(i % 5)/file-\(i).md", contents: String(repeating: "line \(i)\n", count: i % 40 + 1)) }
        try w.apply(try w.plan(files))
        for f in files {
            #expect(TestPaths.read(root.appendingPathComponent(f.path)) == f.contents)
        }
        let again = try w.plan(files)
        #expect(again.isEmpty)
        #expect(again.unchanged == files.count + 1)
        let leftovers = FileManager.default.enumerator(atPath: root.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func unifiedDiffHunks() {
        let d = UnifiedDiff.make(old: "a\nb\nc\nd\ne\nf\ng\nh\n", new: "a\nb\nc\nD\ne\nf\ng\nh\n", oldName: "a", newName: "b")
        #expect(d == "--- a\n+++ b\n@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n")
    }
}
