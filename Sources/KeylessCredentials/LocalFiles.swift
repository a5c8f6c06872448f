import Foundation

/// The files of the repository the analyzer may read besides the workflow itself: local reusable
/// workflows (`uses: ./.github/workflows/x.yml`) and local actions (`uses: ./path` → `path/action.yml`).
public struct LocalFiles: Sendable {
    /// The repository root on disk, when known.
    public var repositoryRoot: String?
    /// Workflow texts already in memory, by the path their caller knows them under (an audit's file set).
    public var workflows: [String: String]

    public init(repositoryRoot: String? = nil, workflows: [String: String] = [:]) {
        self.repositoryRoot = repositoryRoot
        self.workflows = workflows
    }

    /// For one workflow file on disk: the repository root is the folder above its `.github/workflows/`.
    public static func around(workflowPath path: String) -> LocalFiles {
        // The last ".github/workflows/" in the path, found on its bytes (this runs once per file checked).
        let needle = Array(".github/workflows/".utf8)
        let bytes = Array(path.utf8)
        guard bytes.count >= needle.count,
              let start = stride(from: bytes.count - needle.count, through: 0, by: -1).first(where: { bytes[$0..<$0 + needle.count].elementsEqual(needle) })
        else { return LocalFiles() }
        let root = String(decoding: bytes[..<start], as: UTF8.self)
        return LocalFiles(repositoryRoot: root.isEmpty ? "." : root)
    }

    /// The callee of `uses: ./.github/workflows/x.yml`: among the in-memory files the one of that name in
    /// the caller's folder (GitHub keeps reusable workflows directly in `.github/workflows`), else on disk.
    public func workflow(_ uses: String, from caller: String) -> (path: String, text: String)? {
        guard Self.isLocalWorkflowCall(uses) else { return nil }
        for key in Self.inMemoryKeys(uses, from: caller) {
            if let text = workflows[key] { return (key, text) }
        }
        guard let root = repositoryRoot else { return nil }
        let path = root + "/" + uses.dropFirst(2)
        return Self.read(path).map { (caller.hasPrefix(root) ? path : String(uses.dropFirst(2)), $0) }
    }

    /// `uses: ./…` without a ref: a call of a reusable workflow of the same repository.
    public static func isLocalWorkflowCall(_ uses: String) -> Bool { uses.hasPrefix("./") && !uses.contains("@") }

    /// The keys under which `workflow(_:from:)` looks for the callee among the in-memory files, in order:
    /// the file of that name in the caller's folder, then the path `uses` names.
    public static func inMemoryKeys(_ uses: String, from caller: String) -> [String] {
        let name = uses.split(separator: "/").last.map(String.init) ?? uses
        let dir = caller.contains("/") ? String(caller[..<caller.lastIndex(of: "/")!]) : ""
        return [dir.isEmpty ? name : dir + "/" + name, String(uses.dropFirst(2))]
    }

    /// The `action.yml` (or `action.yaml`) of `uses: ./path`, read from the repository root.
    public func action(_ uses: String) -> (path: String, text: String)? {
        guard uses.hasPrefix("./"), let root = repositoryRoot else { return nil }
        var dir = String(uses.dropFirst(2))
        while dir.hasSuffix("/") { dir.removeLast() }
        for name in ["action.yml", "action.yaml"] {
            let rel = dir.isEmpty ? name : dir + "/" + name
            if let text = Self.read(root + "/" + rel) { return (rel, text) }
        }
        return nil
    }

    static func read(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 5 * 1024 * 1024 else { return nil }
        return String(data: data, encoding: .utf8)
    }
}
