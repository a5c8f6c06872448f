import KeylessIaC
import KeylessModel
import KeylessSyntax
import Foundation

/// Write: the only stage that touches the disk. Files are confined to the output root, written
/// atomically (temporary file, then rename), and only when their bytes change. Stale files are
/// removed only when the previous run's manifest lists them, so hand-written files are never deleted.
public struct OutputWriter: Sendable {
    public let root: URL
    /// Where the list of generated files lives, relative to the root.
    public static let manifestPath = "docs/.keyless-manifest"

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    public struct Plan: Sendable {
        public var create: [RenderedFile] = []
        public var update: [(file: RenderedFile, old: String)] = []
        public var delete: [(path: String, old: String)] = []
        public var unchanged = 0

        public var isEmpty: Bool { create.isEmpty && update.isEmpty && delete.isEmpty }
    }

    /// Compares the files with what is on disk. Throws for paths that would leave the root.
    /// `scope` lists the path prefixes this run owns (for example only `docs/md/` with `--format md`):
    /// stale files outside it are left alone and stay in the manifest.
    public func plan(_ files: [RenderedFile], scope: [String]? = nil) throws(DiagnosticError) -> Plan {
        let owned: (String) -> Bool = { path in scope.map { $0.contains { path.hasPrefix($0) } } ?? true }
        let kept = previousManifest().filter { !owned($0) }
        let manifest = RenderedFile(path: Self.manifestPath, contents: Self.manifest(for: files.map(\.path) + kept))
        let all = files + [manifest]
        var problems: [Diagnostic] = []
        for f in all {
            if let problem = confinementProblem(f.path) {
                problems.append(Diagnostic(at: SourceLocation(path: f.path), problem, rule: "write-outside-output"))
            }
        }
        guard problems.isEmpty else { throw DiagnosticError(problems) }
        var plan = Plan()
        for f in all {
            if let old = read(f.path) {
                if old == f.contents { plan.unchanged += 1 } else { plan.update.append((f, old)) }
            } else {
                plan.create.append(f)
            }
        }
        let wanted = Set(all.map(\.path))
        // Temporary files of a run that was killed before its rename: never output, always removed.
        for dir in Set(all.map { ($0.path as NSString).deletingLastPathComponent }).sorted() {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url(dir).path)) ?? []
            for name in names.sorted() where name.hasPrefix(".") && name.contains(".keyless-") && name.hasSuffix(".tmp") {
                plan.delete.append((dir.isEmpty ? name : dir + "/" + name, ""))
            }
        }
        for path in previousManifest() where owned(path) && !wanted.contains(path) && confinementProblem(path) == nil {
            if let old = read(path) { plan.delete.append((path, old)) }
        }
        return plan
    }

    /// Applies a plan. Each file is complete on disk or not replaced at all, even if the process is killed.
    public func apply(_ plan: Plan) throws(DiagnosticError) {
        for f in plan.create + plan.update.map(\.file) {
            do { try writeAtomically(f) } catch {
                throw DiagnosticError([Diagnostic(at: SourceLocation(path: f.path), "cannot write: \(error)", rule: "write-failed")])
            }
        }
        for d in plan.delete {
            try? FileManager.default.removeItem(at: url(d.path))
        }
    }

    /// The `--check` report: each file that would change, with a unified-diff excerpt.
    public static func report(_ plan: Plan, excerptLines: Int = 40) -> String {
        var out = ""
        for f in plan.create {
            out += "would create \(f.path)\n"
        }
        for (f, old) in plan.update {
            out += "out of date: \(f.path)\n"
            let diff = UnifiedDiff.make(old: old, new: f.contents, oldName: "a/\(f.path)", newName: "b/\(f.path)")
            let lines = diff.split(separator: "\n", omittingEmptySubsequences: false)
            out += lines.prefix(excerptLines).joined(separator: "\n")
            if lines.count > excerptLines { out += "\n… (\(lines.count - excerptLines) more diff lines)" }
            out += "\n"
        }
        for d in plan.delete {
            out += "would delete stale \(d.path)\n"
        }
        return out
    }

    // MARK: Paths

    /// Why a relative path may not be written, or nil when it stays inside the root.
    public func confinementProblem(_ path: String) -> String? {
        if path.isEmpty || path.hasPrefix("/") { return "output path '\(path)' must be relative to the output folder" }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) {
            return "output path '\(path)' must not contain '..', '.' or empty components"
        }
        // A symbolic link inside the root could still point outside it: resolve each existing ancestor.
        let rootReal = root.resolvingSymlinksInPath().path
        var current = root
        for part in parts {
            current = current.appendingPathComponent(String(part))
            guard FileManager.default.fileExists(atPath: current.path) else { break }
            let real = current.resolvingSymlinksInPath().path
            if real != rootReal && !real.hasPrefix(rootReal + "/") {
                return "output path '\(path)' leads outside the output folder through a symbolic link"
            }
        }
        return nil
    }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    func read(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: url(path).path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    func previousManifest() -> [String] {
        guard let text = read(Self.manifestPath) else { return [] }
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
    }

    static func manifest(for paths: [String]) -> String {
        "# \(Banner.text)\n# Files written by the last run; stale ones are deleted only from this list.\n"
            + Set(paths).sorted().joined(separator: "\n") + "\n"
    }

    func writeAtomically(_ f: RenderedFile) throws {
        // Not durable: rename is atomic against a killed process (the kill-safety test), which is the
        // guarantee Keyless gives; durability across a power cut is the file system's.
        try AtomicFile.write(Data(f.contents.utf8), to: url(f.path))
    }
}
