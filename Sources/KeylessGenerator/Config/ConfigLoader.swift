import KeylessIaC
import KeylessModel
import KeylessSyntax
import Foundation

/// The one place configuration I/O happens: reads `keyless.yml`, decodes it, and reads what it points at
/// (each repository's `workflows-dir`, each role's permissions `file`), so every later stage stays a pure
/// function of the result.
public enum ConfigLoader {
    public static func load(_ configPath: String) throws(DiagnosticError) -> KeylessConfig {
        let text: String
        do {
            text = try String(contentsOfFile: configPath, encoding: .utf8)
        } catch {
            throw DiagnosticError([Diagnostic(at: SourceLocation(path: configPath), "cannot read the configuration: \(error.localizedDescription)", rule: "config-read")])
        }
        return try resolve(try ConfigDecoder.decode(text, path: configPath), configPath: configPath)
    }

    /// Reads every repository's `workflows-dir` and every permissions `file` (relative to the configuration
    /// file). One diagnostic per folder or file that cannot be read.
    public static func resolve(_ config: KeylessConfig, configPath: String) throws(DiagnosticError) -> KeylessConfig {
        var cfg = config
        var problems: [Diagnostic] = []
        let base = URL(fileURLWithPath: configPath).deletingLastPathComponent()
        for (i, repo) in config.repositories.enumerated() {
            guard let dir = repo.workflowsDir else { continue }
            switch workflows(dir, base: base, at: repo.workflowsDirLocation ?? SourceLocation(path: configPath)) {
            case .success(let files):
                cfg.repositories[i].workflowFiles = files
                cfg.repositories[i].workflowCount = files.count
            case .failure(let d):
                problems.append(d.diagnostics.first!)
            }
        }
        for (i, role) in config.roles.enumerated() {
            guard case .file(let path, let at, _)? = role.permissions else { continue }
            let url = base.appendingPathComponent(path)
            switch InputFile.read(url.path, rule: "config-path") {
            case .success(let body):
                do {
                    cfg.roles[i].permissions = .file(path: path, location: at, document: try PolicyCodec.decode(body))
                } catch {
                    problems.append(Diagnostic(at: at, "permissions file '\(path)' is not an IAM policy document: \(error)", rule: "config-path"))
                }
            case .failure:
                problems.append(Diagnostic(at: at, "permissions file '\(path)' cannot be read next to the configuration", rule: "config-path"))
            }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return cfg
    }

    /// A checkout means its `.github/workflows`. Paths are kept relative to the repository root so output
    /// does not depend on where the checkout lives.
    static func workflows(_ dir: String, base: URL, at: SourceLocation) -> Result<[WorkflowSource], DiagnosticError> {
        func fail(_ message: String) -> Result<[WorkflowSource], DiagnosticError> {
            .failure(DiagnosticError([Diagnostic(at: at, message, rule: "config-path")]))
        }
        let folder = base.appendingPathComponent(dir)
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue else {
            return fail("workflows-dir '\(dir)' is not a folder next to the configuration")
        }
        let nested = folder.appendingPathComponent(".github/workflows")
        let root = fm.fileExists(atPath: nested.path, isDirectory: &isDir) && isDir.boolValue ? nested : folder
        let prefix = root == nested || folder.path.hasSuffix(".github/workflows") ? ".github/workflows/" : ""
        let listing = FileWalker(extensions: [".yml", ".yaml"], recursive: false).files(under: [root.path])
        guard listing.problems.isEmpty else { return fail("cannot read workflows-dir '\(dir)'") }
        var files: [WorkflowSource] = []
        for file in listing.files {
            let name = URL(fileURLWithPath: file).lastPathComponent
            guard case .success(let t) = InputFile.read(root.appendingPathComponent(name).path, rule: "config-path") else {
                return fail("cannot read \(dir)/\(name) as UTF-8 text")
            }
            files.append(WorkflowSource(path: prefix + name, text: t))
        }
        guard !files.isEmpty else { return fail("workflows-dir '\(dir)' holds no .yml or .yaml workflow") }
        return .success(files)
    }
}
