import KeylessIaC
import KeylessModel
import KeylessSyntax
import Foundation

/// The one place configuration I/O happens: reads `keyless.yml`, decodes it, and reads the workflows
/// `hive-kube.workflows-dir` names, so every later stage stays a pure function of the result.
public enum ConfigLoader {
    public static func load(_ configPath: String) throws(DiagnosticError) -> KeylessConfig {
        let text: String
        do {
            text = try String(contentsOfFile: configPath, encoding: .utf8)
        } catch {
            throw DiagnosticError([Diagnostic(at: SourceLocation(path: configPath), "cannot read the configuration: \(error.localizedDescription)", rule: "config-read")])
        }
        return try resolve(try ConfigDecoder.decode(text, path: configPath), text: text, configPath: configPath)
    }

    /// Reads `workflows-dir` (relative to the configuration file): a repository root means its
    /// `.github/workflows`. Paths are kept relative to `workflows-dir` so output does not depend on
    /// where the checkout lives.
    public static func resolve(_ config: KeylessConfig, text: String, configPath: String) throws(DiagnosticError) -> KeylessConfig {
        guard let dir = config.hiveKube.workflowsDir else { return config }
        var cfg = config
        let lineNumber = (text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("workflows-dir:") } ?? 0) + 1
        func fail(_ message: String) -> DiagnosticError {
            DiagnosticError([Diagnostic(at: SourceLocation(path: configPath, line: lineNumber, column: 1), message, rule: "config-path")])
        }
        let base = URL(fileURLWithPath: configPath).deletingLastPathComponent().appendingPathComponent(dir)
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: base.path, isDirectory: &isDir), isDir.boolValue else {
            throw fail("workflows-dir '\(dir)' is not a folder next to the configuration")
        }
        let nested = base.appendingPathComponent(".github/workflows")
        let root = fm.fileExists(atPath: nested.path, isDirectory: &isDir) && isDir.boolValue ? nested : base
        let prefix = root == nested ? ".github/workflows/" : ""
        let listing = FileWalker(extensions: [".yml", ".yaml"], recursive: false).files(under: [root.path])
        guard listing.problems.isEmpty else { throw fail("cannot read workflows-dir '\(dir)'") }
        var files: [WorkflowSource] = []
        for file in listing.files {
            let name = URL(fileURLWithPath: file).lastPathComponent
            guard let t = try? String(contentsOf: root.appendingPathComponent(name), encoding: .utf8) else {
                throw fail("cannot read \(dir)/\(prefix)\(name) as UTF-8 text")
            }
            files.append(WorkflowSource(path: prefix + name, text: t))
        }
        guard !files.isEmpty else { throw fail("workflows-dir '\(dir)' holds no .yml or .yaml workflow") }
        cfg.hiveKube.workflowFiles = files
        cfg.hiveKube.workflowCount = files.count
        return cfg
    }
}
