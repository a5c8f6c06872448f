import Foundation

/// The pinned `mermaid.min.js` (mermaid 11.16.0) that `scripts/bootstrap.sh` extracts from the PyPI wheel
/// `artoo-mermaid==11.16.0` into `.venv/share/keyless/mermaid/` (git-ignored, never committed).
extension Tools {
    /// Where bootstrap puts it, relative to a venv.
    static let mermaidInVenv = "share/keyless/mermaid/mermaid.min.js"

    /// The asset in the package's `.venv`, else in the venv of the `mkdocs` that `find` picks
    /// (`VENV/bin/mkdocs` → `VENV/share/keyless/mermaid/`, e.g. a worktree using another checkout's venv);
    /// nil when bootstrap has not extracted it.
    public static var mermaidJS: URL? {
        var candidates = [TestPaths.packageRoot.appendingPathComponent(".venv").appendingPathComponent(mermaidInVenv)]
        if let mkdocs = find("mkdocs") {
            let venv = mkdocs.resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            candidates.append(venv.appendingPathComponent(mermaidInVenv))
            candidates.append(mkdocs.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(mermaidInVenv))
        }
        return candidates.first { FileManager.default.isReadableFile(atPath: $0.path) }
    }

    /// For `.enabled(if:)`: the asset is there, or its absence must fail the run (`KEYLESS_REQUIRE_VALIDATORS=1`).
    public static var mermaidAvailable: Bool { requireValidators || mermaidJS != nil }

    /// The asset, or an error that fails the test.
    public static func requireMermaidJS() throws -> URL {
        guard let u = mermaidJS else { throw MissingTool(name: ".venv/\(mermaidInVenv) (pinned mermaid 11.16.0)") }
        return u
    }
}
