import Foundation
import KeylessModel
import KeylessSyntax

/// The local reusable workflows (`uses: ./.github/workflows/NAME.yml`) a workflow can reach, read from the
/// folder the workflow itself was read from. GitHub keeps reusable workflows at the top of
/// `.github/workflows` (https://docs.github.com/en/actions/how-tos/reuse-automations/reuse-workflows), so a
/// sibling file of that name is the callee.
public struct LocalWorkflows: Sendable {
    /// A callee as it was found.
    public enum Callee: Sendable {
        case workflow(Workflow)
        /// Why it could not be read or decoded.
        case unreadable(String)
    }

    /// By file name (`deploy.yml`).
    public var files: [String: Callee]

    public init(files: [String: Callee] = [:]) {
        self.files = files
    }

    /// No callee is known: calls keep the caller's claims with a note.
    public static let none = LocalWorkflows()

    /// `./.github/workflows/deploy.yml` → `deploy.yml`; nil for a remote `owner/repo/…@ref`.
    public static func fileName(ofLocalCall uses: String) -> String? {
        guard uses.hasPrefix("./") else { return nil }
        return uses.split(separator: "/").last.map(String.init)
    }

    /// The callee of a local `uses:`; nil for a remote call or a file that was never looked for.
    public func callee(_ uses: String) -> Callee? {
        Self.fileName(ofLocalCall: uses).flatMap { files[$0] }
    }

    /// Reads every local callee reachable from `workflow` (callees of callees too), from `directory`.
    public static func reachable(from workflow: Workflow, directory: String) -> LocalWorkflows {
        var found = LocalWorkflows()
        var pending = workflow.jobs.compactMap(\.uses)
        while let uses = pending.popLast() {
            guard let name = fileName(ofLocalCall: uses), found.files[name] == nil else { continue }
            let callee = read(name, uses: uses, directory: directory)
            found.files[name] = callee
            if case .workflow(let w) = callee { pending += w.jobs.compactMap(\.uses) }
        }
        return found
    }

    /// Every workflow file of `directory` (`.yml`/`.yaml`, name order) that decodes, for finding the callers
    /// of a reusable workflow.
    public static func folder(_ directory: String) -> [(name: String, workflow: Workflow)] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted()
        return names.compactMap { name in
            if case .workflow(let w) = read(name, uses: "./.github/workflows/\(name)", directory: directory) { return (name, w) }
            return nil
        }
    }

    static func read(_ name: String, uses: String, directory: String) -> Callee {
        guard uses.hasPrefix("./.github/workflows/"), !uses.dropFirst(20).contains("/") else {
            return .unreadable("`\(uses)` is not at the top of .github/workflows, where GitHub requires reusable workflows")
        }
        let path = (directory as NSString).appendingPathComponent(name)
        switch InputFile.read(path, rule: "workflow-read") {
        case .failure(let d): return .unreadable("\(path): \(d.message)")
        case .success(let text):
            do {
                return .workflow(try WorkflowSource(text: text, path: path).workflow)
            } catch {
                return .unreadable("\(path) is not a workflow Keyless can read: \(error.diagnostics.first?.message ?? "")")
            }
        }
    }
}
