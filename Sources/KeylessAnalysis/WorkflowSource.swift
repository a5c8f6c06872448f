import KeylessSyntax
import KeylessModel
import Yams

/// A user's workflow file read leniently, with where each job starts so findings can point at it.
public struct WorkflowSource: Sendable {
    public var path: String
    public var workflow: Workflow
    /// The location of each job's key under `jobs:`.
    public var jobLocations: [String: SourceLocation]

    /// Decodes the text; throws every diagnostic the reader collected when it is not a workflow.
    public init(text: String, path: String) throws(DiagnosticError) {
        // Lenient: users' workflows use keys Keyless does not model.
        let reader = YAMLReader(path: path, strict: false, rule: "workflow")
        guard let root = reader.compose(text), let workflow = WorkflowCodec.decode(root, reader: reader) else {
            throw DiagnosticError(reader.diagnostics.isEmpty
                ? [Diagnostic(at: SourceLocation(path: path), "not a workflow", rule: "workflow")] : reader.diagnostics)
        }
        var locations: [String: SourceLocation] = [:]
        if let jobs = reader.mapping(root, "the workflow")?.first(where: { $0.key == "jobs" }),
            let entries = reader.mapping(jobs.value, "jobs")
        {
            for e in entries { locations[e.key] = reader.location(e.keyNode) }
        }
        self.path = path
        self.workflow = workflow
        self.jobLocations = locations
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
