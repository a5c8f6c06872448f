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
        try Timings.shared.measure("plan (compare with disk)") { () throws(DiagnosticError) in try makePlan(files, scope: scope) }
    }

    func makePlan(_ files: [RenderedFile], scope: [String]?) throws(DiagnosticError) -> Plan {
        let owned: (String) -> Bool = { path in scope.map { $0.contains { path.hasPrefix($0) } } ?? true }
        let kept = previousManifest().filter { !owned($0) }
        let manifest = RenderedFile(path: Self.manifestPath, contents: Self.manifest(for: files.map(\.path) + kept))
        let all = files + [manifest]
        var problems: [Diagnostic] = []
        // Thousands of files share a few folders: each folder's links are resolved once.
        var cache = ConfinementCache()
        for f in all {
            if let problem = confinementProblem(f.path, cache: &cache) {
                problems.append(Diagnostic(at: SourceLocation(path: f.path), problem, rule: "write-outside-output"))
            }
        }
        guard problems.isEmpty else { throw DiagnosticError(problems) }
        var plan = Plan()
        // Reading what is on disk is independent per file: on every core, compared in file order.
        let olds = Parallel.map(all, workers: Parallel.workers()) { f in read(f.path) }
        for (f, old) in zip(all, olds) {
            if let old {
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
        let writes = plan.create + plan.update.map(\.file)
        // Folders first, one after another (two writers creating one folder could race); then the files
        // on every core. Each write is atomic on its own; the first failure in file order is reported.
        for dir in Set(writes.map { ($0.path as NSString).deletingLastPathComponent }).sorted() where !dir.isEmpty {
            try? FileManager.default.createDirectory(at: url(dir), withIntermediateDirectories: true)
        }
        let failures = Parallel.map(writes, workers: Parallel.workers()) { f -> String? in
            do { try writeAtomically(f); return nil } catch { return "\(error)" }
        }
        if let (f, error) = zip(writes, failures).first(where: { $0.1 != nil }) {
            throw DiagnosticError([Diagnostic(at: SourceLocation(path: f.path), "cannot write: \(error!)", rule: "write-failed")])
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
        var cache = ConfinementCache()
        return confinementProblem(path, cache: &cache)
    }

    /// What the ancestors of a folder are: all inside the root, one missing (nothing below exists), or
    /// one leading outside. The same for every file in the folder, so `plan` asks once per folder.
    enum FolderState { case inside, missing, outside }

    struct ConfinementCache {
        var rootReal: String?
        var folders: [String: FolderState] = [:]
    }

    /// `confinementProblem(_:)`, remembering each folder's state (the file itself is always looked at).
    func confinementProblem(_ path: String, cache: inout ConfinementCache) -> String? {
        if path.isEmpty || path.hasPrefix("/") { return "output path '\(path)' must be relative to the output folder" }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) {
            return "output path '\(path)' must not contain '..', '.' or empty components"
        }
        // A symbolic link inside the root could still point outside it: resolve each existing ancestor.
        let rootReal = cache.rootReal ?? root.resolvingSymlinksInPath().path
        cache.rootReal = rootReal
        func state(_ url: URL) -> FolderState {
            guard FileManager.default.fileExists(atPath: url.path) else { return .missing }
            let real = url.resolvingSymlinksInPath().path
            return real != rootReal && !real.hasPrefix(rootReal + "/") ? .outside : .inside
        }
        var current = root
        var folder = ""
        for part in parts.dropLast() {
            folder += (folder.isEmpty ? "" : "/") + part
            current = current.appendingPathComponent(String(part))
            if cache.folders[folder] == nil { cache.folders[folder] = state(current) }
            switch cache.folders[folder]! {
            case .inside: continue
            case .missing: return nil
            case .outside: return "output path '\(path)' leads outside the output folder through a symbolic link"
            }
        }
        if state(current.appendingPathComponent(String(parts.last!))) == .outside {
            return "output path '\(path)' leads outside the output folder through a symbolic link"
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
