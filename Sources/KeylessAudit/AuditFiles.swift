import Foundation
import KeylessCredentials
import KeylessSyntax
import KeylessModel
import Yams

/// `keyless audit` over files on disk, on every core, holding one parse tree per worker.
///
/// The result is the report `audit(_:)` makes from the same files held in memory, byte for byte in
/// every format: files are independent except for calls to local reusable workflows, so
///
/// 1. every file is read, parsed and audited with no other file in memory; of a file that calls local
///    reusable workflows its calls are kept too;
/// 2. the calls name the few files whose texts a caller may read (a callee among the audited files,
///    found the way `LocalFiles` finds it, and the callees of callees read from disk); a caller whose
///    calls reach none keeps its first audit;
/// 3. the others are parsed again and audited with those texts, one fresh analyzer per file, so no
///    verdict depends on which worker ran first;
/// 4. the environments are told from the compact per-file results, in input order.
extension Auditor {
    /// What one file leaves after the first pass: a problem, its audit, or the local calls it makes.
    enum FirstPass: Sendable {
        case unreadable(Diagnostic)
        case problems([Diagnostic])
        case audited(WorkflowAudit)
        /// A caller: its local calls, and its audit as it is when none of them resolves to an audited file.
        case calls([String], unresolved: WorkflowAudit)
    }

    /// Audits the files at `paths` (as walked) with up to `workers` threads; read failures become problems.
    public func audit(files paths: [String], workers: Int, maxBytes: Int = 5 * 1024 * 1024) -> AuditReport {
        audit(files: paths, workers: workers, maxBytes: maxBytes, keep: nil).report
    }

    /// The same, handing each workflow's final audit to `keep` (on a worker, with the index of its file)
    /// and holding what it returns instead (`WorkflowAudit.compacted`, once the caller has written what it
    /// needs). `files[k]` is the index in `paths` of the report's workflow `k`.
    public func audit(files paths: [String], workers: Int, maxBytes: Int = 5 * 1024 * 1024,
                      keep: (@Sendable (Int, WorkflowAudit) -> WorkflowAudit)?) -> (report: AuditReport, files: [Int]) {
        let keep = keep ?? { $1 }
        let first = Timings.shared.measure("audit: first pass") {
            Parallel.map(Array(paths.indices), workers: workers) { i -> FirstPass in
                let r = firstPass(paths[i], maxBytes: maxBytes)
                if case .audited(let w) = r { return .audited(keep(i, w)) }
                return r
            }
        }
        // Files that were read (workflow or not): the set `LocalFiles` finds in-memory callees in.
        var readPaths = Set<String>()
        var readProblems: [Diagnostic] = []
        var parseProblems: [Diagnostic] = []
        for (path, r) in zip(paths, first) {
            if case .unreadable(let d) = r { readProblems.append(d); continue }
            readPaths.insert(path)
            if case .problems(let ds) = r { parseProblems += ds }
        }
        // Callers that may reach an audited file are audited again with its text; the others keep their audit.
        var callerIndexes: [Int] = []
        var callees: [String: String] = [:]
        do {
            var wanted = Set<String>()
            for i in first.indices {
                guard case .calls(let calls, _) = first[i] else { continue }
                var keys = Set<String>()
                var seenOnDisk = Set<String>()
                calleeKeys(calls, from: paths[i], readPaths: readPaths, into: &keys, seenOnDisk: &seenOnDisk)
                if !keys.isEmpty { callerIndexes.append(i); wanted.formUnion(keys) }
            }
            // Only the callees' texts are held, read as the first pass read them.
            for p in wanted.sorted() {
                if case .success(let text) = InputFile.read(p, maxBytes: maxBytes) { callees[p] = text }
            }
        }
        let files = LocalFiles(repositoryRoot: repositoryRoot, workflows: callees)
        let second = Timings.shared.measure("audit: callers") {
            Parallel.map(callerIndexes, workers: workers) { i -> FirstPass in
                let r = secondPass(paths[i], files: files, maxBytes: maxBytes)
                if case .audited(let w) = r { return .audited(keep(i, w)) }
                return r
            }
        }
        var audits: [WorkflowAudit] = []
        var indexes: [Int] = []
        var next = 0
        for (i, r) in first.enumerated() {
            switch r {
            case .unreadable, .problems: continue
            case .audited(let w):
                audits.append(w)
                indexes.append(i)
            case .calls(_, let unresolved):
                guard next < callerIndexes.count, callerIndexes[next] == i else {
                    audits.append(keep(i, unresolved))
                    indexes.append(i)
                    continue
                }
                defer { next += 1 }
                switch second[next] {
                case .audited(let w):
                    audits.append(w)
                    indexes.append(i)
                case .problems(let ds):
                    parseProblems += ds
                case .unreadable(let d):
                    readProblems.append(d)
                case .calls:
                    continue
                }
            }
        }
        let names = environmentNames(audits)
        for i in audits.indices {
            // The `secrets.` names are the last resort: read again only for the files that need them.
            audits[i].environment = environment(path: audits[i].path, audits[i].jobs, names) {
                guard case .success(let text) = InputFile.read(audits[i].path, maxBytes: maxBytes) else { return [] }
                return Self.secretMarkers(text)
            }
        }
        let problems = readProblems + parseProblems.sorted { $0.location < $1.location }
        return (AuditReport(workflows: audits, problems: problems, environments: names), indexes)
    }

    /// Read, parse, and audit when the file calls no local reusable workflow.
    func firstPass(_ path: String, maxBytes: Int) -> FirstPass {
        let (text, p): (String, Parsed)
        switch readParsed(path, maxBytes: maxBytes) {
        case .success(let r): (text, p) = r
        case .failure(let failed): return failed.pass
        }
        // Without in-memory texts the analyzer reads local callees from disk only; when no call can reach
        // an audited file (most callers: the callee is elsewhere) that is the final audit.
        let analyzer = CredentialsAnalyzer(files: LocalFiles(repositoryRoot: repositoryRoot), nodeBudget: nodeBudget)
        let audit = auditWorkflow(p, analyzer.analyze(path: path, text: text, root: p.root))
        let calls = Self.localCalls(p.root)
        return calls.isEmpty ? .audited(audit) : .calls(calls, unresolved: audit)
    }

    /// A caller, with the callee texts it may read.
    func secondPass(_ path: String, files: LocalFiles, maxBytes: Int) -> FirstPass {
        let (text, p): (String, Parsed)
        switch readParsed(path, maxBytes: maxBytes) {
        case .success(let r): (text, p) = r
        case .failure(let failed): return failed.pass
        }
        let analyzer = CredentialsAnalyzer(files: files, nodeBudget: nodeBudget)
        return .audited(auditWorkflow(p, analyzer.analyze(path: path, text: text, root: p.root)))
    }

    /// Why a file was not audited, as the pass result that reports it.
    struct NotParsed: Error {
        var pass: FirstPass
    }

    /// The file's text and parse, or the pass result that reports why there are none.
    func readParsed(_ path: String, maxBytes: Int) -> Result<(String, Parsed), NotParsed> {
        switch InputFile.read(path, maxBytes: maxBytes) {
        case .failure(let d): return .failure(NotParsed(pass: .unreadable(d)))
        case .success(let text):
            guard let p = parsed(path, text) else { return .failure(NotParsed(pass: .problems(parseDiagnostics(path, text)))) }
            return .success((text, p))
        }
    }

    func parsed(_ path: String, _ text: String) -> Parsed? {
        let reader = YAMLReader(path: path, strict: false, rule: "workflow-shape", nodeBudget: nodeBudget)
        guard let root = reader.compose(text), let w = WorkflowCodec.decode(root, reader: reader) else { return nil }
        return Parsed(source: WorkflowSource(path: path, text: text), root: root, workflow: w)
    }

    /// The diagnostics `parse(_:)` reports for a file that is not a workflow.
    func parseDiagnostics(_ path: String, _ text: String) -> [Diagnostic] {
        parse([WorkflowSource(path: path, text: text)]).1
    }

    /// The job-level `uses: ./…` values the credentials analyzer would look up as local reusable workflows.
    static func localCalls(_ root: Node) -> [String] {
        guard case .mapping(let jobs)? = root["jobs"] else { return [] }
        return jobs.compactMap { _, job in
            guard let uses = job["uses"]?.string, LocalFiles.isLocalWorkflowCall(uses) else { return nil }
            return uses
        }
    }

    /// The audited files `calls` (made from `caller`) may resolve to, as `LocalFiles.workflow` looks
    /// them up; a callee read from disk is followed for its own calls.
    func calleeKeys(_ calls: [String], from caller: String, readPaths: Set<String>, into wanted: inout Set<String>, seenOnDisk: inout Set<String>) {
        for uses in calls {
            if let key = LocalFiles.inMemoryKeys(uses, from: caller).first(where: readPaths.contains) { wanted.insert(key); continue }
            // Not among the audited files: the analyzer reads it from disk, and its calls look up from there.
            guard let (path, text) = LocalFiles(repositoryRoot: repositoryRoot).workflow(uses, from: caller),
                  seenOnDisk.insert(path).inserted else { continue }
            let reader = YAMLReader(path: path, strict: false, rule: "workflow-shape", nodeBudget: nodeBudget)
            guard let root = reader.compose(text) else { continue }
            calleeKeys(Self.localCalls(root), from: path, readPaths: readPaths, into: &wanted, seenOnDisk: &seenOnDisk)
        }
    }

    /// `_NAME_` for every `secrets.NAME` of a text: what `environment` matches environment names in.
    static func secretMarkers(_ text: String) -> Set<String> {
        Set(secretNames(in: text).map { "_" + $0.uppercased() + "_" })
    }
}
