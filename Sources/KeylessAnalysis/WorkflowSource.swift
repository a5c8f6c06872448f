import KeylessSyntax
import KeylessModel
import Yams

/// A user's workflow file read leniently, with where each job starts so findings can point at it.
public struct WorkflowSource: Sendable {
    public var path: String
    public var workflow: Workflow
    /// The location of each job's key under `jobs:`.
    public var jobLocations: [String: SourceLocation]
    /// The location of the `on:` key, where a problem with the triggers is reported.
    public var triggersLocation: SourceLocation

    /// Decodes the text; throws every diagnostic the reader collected when it is not a workflow.
    public init(text: String, path: String) throws(DiagnosticError) {
        // Lenient: users' workflows use keys Keyless does not model.
        let reader = YAMLReader(path: path, strict: false, rule: "workflow")
        guard let root = reader.compose(text), let workflow = WorkflowCodec.decode(root, reader: reader) else {
            throw DiagnosticError(reader.diagnostics.isEmpty
                ? [Diagnostic(at: SourceLocation(path: path), "not a workflow", rule: "workflow")] : reader.diagnostics)
        }
        var locations: [String: SourceLocation] = [:]
        let top = reader.mapping(root, "the workflow")
        if let jobs = top?.first(where: { $0.key == "jobs" }), let entries = reader.mapping(jobs.value, "jobs") {
            for e in entries { locations[e.key] = reader.location(e.keyNode) }
        }
        self.path = path
        self.workflow = workflow
        self.jobLocations = locations
        self.triggersLocation = top?.first(where: { $0.key == "on" }).map { reader.location($0.keyNode) } ?? SourceLocation(path: path)
    }

    /// The folder the file was read from, where its local reusable workflows and callers are.
    public var directory: String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The file's name (`deploy.yml`).
    public var fileName: String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// The local reusable workflows the jobs reach, read from the same folder.
    public var callees: LocalWorkflows {
        LocalWorkflows.reachable(from: workflow, directory: directory)
    }

    /// The workflows of the same folder that call this one (`uses: ./.github/workflows/NAME`).
    public var callers: [Doctor.Caller] {
        LocalWorkflows.folder(directory).filter { other in
            other.name != fileName && other.workflow.jobs.contains { $0.uses.flatMap(LocalWorkflows.fileName(ofLocalCall:)) == fileName }
        }.map { Doctor.Caller(name: $0.name, workflow: $0.workflow) }
    }

    /// `.github/workflows/NAME.yml` as `job_workflow_ref` names it, from wherever the file was read.
    public var workflowPath: String {
        if let r = path.firstRange(of: ".github/workflows/") { return String(path[r.lowerBound...]) }
        return ".github/workflows/" + (path.split(separator: "/").last.map(String.init) ?? path)
    }

    public func location(ofJob id: String) -> SourceLocation {
        jobLocations[id] ?? SourceLocation(path: path)
    }
}
