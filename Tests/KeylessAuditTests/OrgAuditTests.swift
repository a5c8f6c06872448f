import KeylessTestSupport
import KeylessModel
import Foundation
import KeylessAudit
import KeylessSyntax
import Testing

/// `keyless audit --merge`: many repositories' JSON reports into one organisation report.
@Suite struct OrgAuditTests {
    /// A report in `keyless audit --format json`'s shape for repository `i`: a production workflow with a
    /// job on long-lived keys (an error and a warning), a staging workflow with an OIDC job (a note) and,
    /// for every fifth repository, a mixed job, and a workflow without environment with two jobs that
    /// do not reach AWS.
    static func report(_ i: Int) -> String {
        let mixed = i % 5 == 0 ? """
            ,{"id": "half", "auth": "mixed", "line": 30, "findings": [
              {"rule": "long-lived-aws-keys", "line": 33, "message": "keys in env"}]}
            """ : ""
        return """
            {"workflows": [
              {"path": "production-deploy.yml", "environment": "production", "jobs": [
                {"id": "deploy", "auth": "long-lived-keys", "line": 10, "findings": [
                  {"rule": "missing-id-token", "line": 10, "message": "no id-token: write"},
                  {"rule": "long-lived-aws-keys", "line": 20, "message": "passes aws-access-key-id of repo \(i)"}]}]},
              {"path": "staging-deploy.yml", "environment": "staging", "jobs": [
                {"id": "deploy", "auth": "oidc", "line": 8, "findings": [{"rule": "oidc-role", "line": 12, "message": "assumes a role"}]}\(mixed)]},
              {"path": "lint.yml", "environment": null, "jobs": [
                {"id": "lint", "auth": "none", "line": 5, "findings": []}, {"id": "test", "auth": "none", "line": 9, "findings": []}]}
            ],
            "summary": {"workflows": 3, "jobs": 4, "long_lived_keys": 1, "oidc": 1, "mixed": 0, "none": 2}}
            """
    }

    static func reports(_ n: Int) -> [(path: String, json: String)] {
        (0..<n).map { ("reports/org__repo-\(String(format: "%04d", $0)).json", report($0)) }
    }

    @Test func totalsPerRepositoryAndEnvironmentAreExact() throws {
        let org = OrgAudit.merge(Self.reports(100))
        #expect(org.problems.isEmpty)
        #expect(org.repositories.count == 100)
        let t = org.totals
        // 100 × (3 workflows, 4 jobs) plus 20 mixed jobs.
        #expect((t.workflows, t.jobs, t[.longLivedKeys], t[.oidc], t[.mixed], t[.none]) == (300, 420, 100, 100, 20, 200))
        let env = Dictionary(uniqueKeysWithValues: org.environments.map { ($0.name ?? "-", $0.totals) })
        #expect(org.environments.map(\.name) == ["production", "staging", nil])
        #expect(env["production"].map { ($0.workflows, $0.jobs, $0[.longLivedKeys]) } ?? (0, 0, 0) == (100, 100, 100))
        #expect(env["staging"].map { ($0.workflows, $0.jobs, $0[.oidc], $0[.mixed]) } ?? (0, 0, 0, 0) == (100, 120, 100, 20))
        #expect(env["-"].map { ($0.workflows, $0.jobs, $0[.none]) } ?? (0, 0, 0) == (100, 200, 200))
        // The file name gives the repository (`__` for `/`); those with a mixed job sort first among equals.
        #expect(org.repositories.first?.name == "org/repo-0000")
        #expect(org.repositories.prefix(20).allSatisfy { $0.totals[.mixed] == 1 })
        #expect(org.repositories[20].name == "org/repo-0001")
        // Findings: 100 + 20 errors, 100 warnings, 100 notes; errors first, long-lived-keys jobs before mixed.
        #expect(org.findings.count == 320)
        #expect(org.findings.prefix(120).allSatisfy { $0.severity == .error && $0.rule == "long-lived-aws-keys" })
        #expect(org.findings.prefix(100).allSatisfy { $0.auth == .longLivedKeys })
        #expect(org.findings[100].auth == .mixed && org.findings[119].auth == .mixed)
        #expect(org.findings[120].severity == .warning && org.findings.last?.severity == .note)
        #expect(org.findings.first.map { ($0.repository, $0.path, $0.line, $0.environment) } ?? ("", "", 0, nil) == ("org/repo-0000", "production-deploy.yml", 20, "production"))
        #expect(org.hasLongLivedKeys)
    }

    @Test func outputFormatsCarryTheTotalsAndTheWorstFindingFirst() throws {
        let org = OrgAudit.merge(Self.reports(3))
        let md = org.render(.markdown)
        #expect(md.hasPrefix("# Keyless organisation audit\n\n3 repositories, 9 workflows, 13 jobs: 3 long-lived-keys, 3 oidc, 1 mixed, 6 none.\n"))
        #expect(md.contains("| `org/repo-0000` | 3 | 5 | 1 | 1 | 1 | 2 |\n| `org/repo-0001` | 3 | 4 | 1 | 1 | 0 | 2 |\n"))
        #expect(md.contains("| production | 3 | 3 | 3 | 0 | 0 | 0 |\n| staging | 3 | 4 | 0 | 3 | 1 | 0 |\n| (no environment) | 3 | 6 | 0 | 0 | 0 | 6 |\n"))
        #expect(md.contains("| Severity | Repository | Workflow | Line | Job | Authentication | Finding |\n|---|---|---|---|---|---|---|\n| error | `org/repo-0000` | `production-deploy.yml` | 20 | `deploy` | long-lived-keys | passes aws-access-key-id of repo 0 (`long-lived-aws-keys`) |\n"))
        let html = org.render(.html)
        #expect(html.hasPrefix("<!DOCTYPE html>\n") && html.contains("<tr><td><code>org/repo-0000</code></td><td>3</td><td>5</td><td>1</td><td>1</td><td>1</td><td>2</td></tr>"))
        let json = org.render(.json)
        #expect(json.contains("\"summary\": {\n    \"repositories\": 3,\n    \"workflows\": 9,\n    \"jobs\": 13,\n    \"long_lived_keys\": 3,"))
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect((decoded?["findings"] as? [Any])?.count == 10)
    }

    /// A real report (the hive-kube fixture, with `--repository`) merges to its own summary.
    @Test func aRealReportMergesToItsOwnSummary() throws {
        let r = Auditor().audit(AuditPaths.sources(AuditPaths.fixture))
        let json = AuditFormat.json.renderJSON(r, repository: "honeyhiveai/hive-kube")
        #expect(json.hasPrefix("{\n  \"repository\": \"honeyhiveai/hive-kube\",\n  \"workflows\": ["))
        let org = OrgAudit.merge([("whatever.json", json)])
        #expect(org.problems.isEmpty)
        #expect(org.repositories.map(\.name) == ["honeyhiveai/hive-kube"])
        let s = r.summary, t = org.totals
        #expect((t.workflows, t.jobs, t[.longLivedKeys], t[.oidc], t[.mixed], t[.none]) == (s.workflows, s.jobs, s.longLivedKeys, s.oidc, s.mixed, s.none))
        #expect(org.environments.compactMap(\.name) == ["nationwide", "production", "staging", "testing"])
    }

    @Test func unreadableReportsAreProblemsAndTheRestIsMerged() {
        let org = OrgAudit.merge([("a.json", Self.report(1)), ("b.json", "{\"summary\": {}}"), ("c.json", "not json")])
        #expect(org.repositories.map(\.name) == ["a"])
        #expect(org.problems.map(\.location.path) == ["b.json", "c.json"])
        #expect(org.problems.first?.message == "not a keyless audit JSON report: no 'workflows'")
    }

    /// Time and memory grow linearly with the reports: 10 and then 100 (and 1000) reports, timed; the
    /// per-report cost of the large merge stays within a small factor of the small one's.
    @Test func mergeScalesLinearly() throws {
        func measure(_ n: Int) -> (seconds: Double, findings: Int) {
            let reports = Self.reports(n)
            let start = DispatchTime.now().uptimeNanoseconds
            var findings = 0
            for _ in 0..<3 { findings = OrgAudit.merge(reports).findings.count }
            return (Double(DispatchTime.now().uptimeNanoseconds - start) / 3e9, findings)
        }
        _ = measure(10)  // warm-up
        let small = measure(10), large = measure(100), huge = measure(1000)
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print(String(format: "audit --merge: 10 reports %.4f s (%d findings), 100 reports %.4f s (%d findings), 1000 reports %.4f s (%d findings); max RSS of the test process %d MB",
                     small.seconds, small.findings, large.seconds, large.findings, huge.seconds, huge.findings, usage.ru_maxrss / 1024))
        #expect(large.findings == 10 * small.findings && huge.findings == 10 * large.findings)
        // Linear with slack for a loaded machine: 100 reports cost at most 30 × 10 reports, 1000 at most 30 × 100.
        #expect(large.seconds < 30 * small.seconds + 0.2, "10: \(small.seconds) s, 100: \(large.seconds) s")
        #expect(huge.seconds < 30 * large.seconds + 0.5, "100: \(large.seconds) s, 1000: \(huge.seconds) s")
    }

    @Test func theCommandLineMergesFilesAndExitsLikeAudit() throws {
        let keyless = try Tools.requireKeyless()
        let dir = try TestPaths.tempDir("merge")
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for (path, json) in Self.reports(4) {
            let f = dir.appendingPathComponent((path as NSString).lastPathComponent)
            try json.write(to: f, atomically: true, encoding: .utf8)
            paths.append(f.path)
        }
        let md = try run(keyless, ["audit", "--merge"] + paths + ["--format", "markdown"])
        #expect(md.status == 1, "long-lived keys remain: \(md.stderr)")
        #expect(md.stdout.hasPrefix("# Keyless organisation audit\n\n4 repositories, 12 workflows, 17 jobs: 4 long-lived-keys, 4 oidc, 1 mixed, 8 none.\n"), "\(md.stdout)")
        let bad = dir.appendingPathComponent("bad.json")
        try "[]".write(to: bad, atomically: true, encoding: .utf8)
        let withBad = try run(keyless, ["audit", "--merge", paths[0], bad.path, "--format", "json"])
        #expect(withBad.status == 2 && withBad.stderr.contains("bad.json:1:1: error: not a keyless audit JSON report"), "\(withBad.stderr)")
        #expect(withBad.stdout.contains("\"repositories\": 1"))
    }
}
