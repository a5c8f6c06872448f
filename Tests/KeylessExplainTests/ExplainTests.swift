import Foundation
import KeylessAnalysis
import KeylessCatalog
import KeylessExplain
import KeylessModel
import KeylessSyntax
import KeylessTestSupport
import Testing

@Suite struct PatternTests {
    @Test func variablePartsBecomeGaps() {
        let p = SymptomPattern("Error: Could not assume role with user credentials: User: arn:aws:sts::111122223333:assumed-role/ci-role/github-actions-deploy is not authorized to perform: sts:TagSession on resource: arn:aws:iam::111122223333:role/deploy")
        #expect(p.segments == ["Could not assume role with user credentials: User: ", " is not authorized to perform: sts:TagSession on resource: "])
        #expect(SymptomPattern("Error: Region is not valid: US-EAST-1").segments == ["Region is not valid: "])
        #expect(SymptomPattern("Error: Role session name must be between 2 and 64 characters, got 1: 'x'").segments
                == ["Role session name must be between ", " and ", " characters, got ", ": "])
        #expect(SymptomPattern("Error: No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com").segments
                == ["No OpenIDConnect provider found in your account for "])
        #expect(SymptomPattern("Authenticated as assumedRoleId AROACLKWSDQRAOEXAMPLE:github-actions-deploy").segments
                == ["Authenticated as assumedRoleId ", ":github-actions-deploy"])
        // Words that merely contain digits or colons stay literal.
        #expect(SymptomPattern("Error: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity").segments
                == ["Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity"])
    }

    @Test func fits() {
        let p = SymptomPattern("Error: Could not assume role with user credentials: User: arn:aws:sts::111122223333:assumed-role/a/b is not authorized to perform: sts:TagSession on resource: arn:aws:iam::111122223333:role/deploy")
        #expect(p.fit("Error: Could not assume role with user credentials: User: arn:aws:iam::***:user/x is not authorized to perform: sts:TagSession on resource: ***") == .full)
        #expect(p.fit("Error: User: arn:aws:iam::***:user/deployer is not authorized to perform: sts:TagSession on resource: arn:aws:iam::***:role/devops") == .core)
        #expect(p.fit("Error: User: arn:aws:iam::1:user/x is not authorized to perform: iam:PassRole") == nil)
        let region = SymptomPattern("Error: Region is not valid: US-EAST-1")
        #expect(region.fit("Error: Region is not valid: eu-west-9") == .full)
    }

    /// Every symptom line of every entry, alone as a log, names its entry among the best: the property that
    /// makes a new entry explainable without code elsewhere.
    @Test func everySymptomLineNamesItsEntry() {
        #expect(Entries.all.count >= 40)
        for entry in Entries.all {
            for s in entry.symptoms {
                let e = Entries.explainer.explain(JobLog(s.text))
                #expect(e.best.map(\.entry.id).contains(entry.id), "\(entry.id): '\(s.text)' gives \(e.best.map(\.entry.id))")
            }
        }
    }
}

@Suite struct LogReadingTests {
    @Test func githubRawLog() {
        let log = JobLog("""
            \u{FEFF}2026-11-30T12:00:00.1234567Z ##[group]Run aws-actions/configure-aws-credentials@v4.3.1\r
            2026-11-30T12:00:00.2234567Z ##[endgroup]
            2026-11-30T12:00:00.3234567Z ##[debug]hidden
            2026-11-30T12:00:01Z ::add-mask::***
            2026-11-30T12:00:01.1Z ::error::Could not assume role with OIDC: Rate exceeded%0Asecond line
            2026-11-30T12:00:02.1234567Z ##[error]Process completed with exit code 1.
            Error: pasted from the page
            """)
        #expect(log.lines.map(\.text) == [
            "Run aws-actions/configure-aws-credentials@v4.3.1", "Error: Could not assume role with OIDC: Rate exceeded\nsecond line",
            "Error: Process completed with exit code 1.", "Error: pasted from the page",
        ])
        #expect(log.errors.map(\.number) == [5, 6, 7])
        #expect(log.actionVersion?.tag == "v4.3.1")
        #expect(log.actionVersion?.line == 1)
    }

    @Test func versionRanges() {
        let e = Entries.explainer.explain(JobLog("Run aws-actions/configure-aws-credentials@v2\nError: Region is not valid: us-east-99"))
        // The line is printed from v1.3.1 on: v2 lies in the range.
        #expect(e.best.first?.entry.id == "region-missing-or-invalid")
        #expect(e.best.first?.matches.first?.versionFits == true)
        let old = Entries.explainer.explain(JobLog("Run aws-actions/configure-aws-credentials@v5.0.0\nError: Role session name is not valid: 'a/b'. Must satisfy regular expression pattern: [\\w+=,.@-]*"))
        // Printed from v6.2.0 only: on v5 the line does not count, so nothing explains it.
        #expect(!old.explained)
    }
}

@Suite struct EvidenceTests {
    @Test func evidenceNamesExistingEntries() {
        for id in Explainer.evidenceEntries { #expect(Entries.ids.contains(id), "\(id) is not a troubleshooting entry") }
    }

    /// The anchors `explain` prints are the headings of the generated Markdown pages.
    @Test func anchorsAreTheGeneratedHeadings() {
        for entry in Entries.all {
            let md = TestPaths.read(TestPaths.packageRoot.appendingPathComponent(entry.page))
            #expect(!md.isEmpty, "\(entry.page) is missing")
            let headings = md.split(separator: "\n").filter { $0.hasPrefix("## ") }.map { String($0.dropFirst(3)) }
            let slugs = headings.map { h in
                String(h.lowercased().compactMap { $0 == " " ? "-" : ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : nil })
            }
            for key in ["symptom", "cause", "confirm", "fix"] {
                #expect(slugs.contains(entry.anchors[key] ?? "?"), "\(entry.page): no heading for #\(entry.anchors[key] ?? key)")
            }
        }
    }

    /// The case: with the workflow and the trust policy, a `sub` mismatch down to the subject to add.
    @Test func subMismatchDownToTheSubjectToAdd() throws {
        let log = JobLog(TestPaths.read(fixture("not-authorized.log")))
        let alone = Entries.explainer.explain(log)
        #expect(alone.best.count > 1, "the line alone cannot decide among the trust-policy entries")
        let input = try evidence(workflow: "environment-workflow.yml", job: "deploy", policy: "branch-only-trust.json", repo: "octo-org/octo-repo")
        let e = Entries.explainer.explain(log, evidence: input)
        let best = try #require(e.best.first)
        #expect(e.best.count == 1)
        #expect(best.entry.id == "sub-mismatch-environment")
        let why = try #require(best.evidence.first { $0.kind == .ruledIn })
        #expect(why.source == "trust-policy")
        #expect(why.reason.contains("add \"repo:octo-org/octo-repo:environment:production\" to StringEquals \"token.actions.githubusercontent.com:sub\""), "\(why.reason)")
        let text = e.render(.text, source: "job.log")
        #expect(text.contains("Best fit: sub-mismatch-environment"))
        #expect(text.contains("docs/md/troubleshooting-sub-mismatch-environment.md#cause"))
        #expect(text.contains("ruled in by trust-policy"))
    }

    @Test func admittedPolicyRulesOutTheTrustEntries() throws {
        let log = JobLog(TestPaths.read(fixture("not-authorized.log")))
        // The policy admits the branch; a job without an environment on push presents the branch.
        let input = try evidence(workflow: "issue-1100-workflow.yml", job: "deploy", policy: "branch-only-trust.json", repo: "octo-org/octo-repo")
        let e = Entries.explainer.explain(log, evidence: input)
        for c in e.candidates where Explainer.trustEntries.contains(c.entry.id) {
            #expect(c.ruledOut, "\(c.entry.id) should be ruled out: \(c.evidence)")
        }
        #expect(e.explained)
        #expect(!e.best.map(\.entry.id).contains { Explainer.trustEntries.contains($0) })
        #expect(e.render(.text, source: "x").contains("Ruled out by the evidence"))
    }

    @Test func jsonAndMarkdown() throws {
        let log = JobLog(TestPaths.read(fixture("not-authorized.log")))
        let e = Entries.explainer.explain(log, evidence: try evidence(workflow: "environment-workflow.yml", job: "deploy",
                                                                      policy: "branch-only-trust.json", repo: "octo-org/octo-repo"))
        let json = try JSONSerialization.jsonObject(with: Data(e.render(.json, source: "job.log").utf8)) as? [String: Any]
        #expect(json?["best"] as? [String] == ["sub-mismatch-environment"])
        #expect(json?["explained"] as? Bool == true)
        let first = (json?["candidates"] as? [[String: Any]])?.first
        #expect(first?["page"] as? String == "docs/md/troubleshooting-sub-mismatch-environment.md")
        #expect((first?["anchors"] as? [String: String])?["fix"] == "fix")
        let md = e.render(.markdown, source: "job.log")
        #expect(md.hasPrefix("### keyless explain job.log"))
        #expect(md.contains("**Fix**"))
    }

    @Test func unrelatedLogIsNotExplained() {
        let e = Entries.explainer.explain(JobLog(TestPaths.read(fixture("unrelated.log"))))
        #expect(!e.explained)
        #expect(e.unexplained.map(\.text) == ["Error: Process completed with exit code 2."])
        #expect(e.render(.text, source: "x").contains("No failure mode fits these lines"))
    }
}

@Suite struct PastePageTests {
    /// The index's worked example is the explainer's output, produced while the guide was generated.
    @Test func indexPageShowsTheWorkedExample() {
        let md = TestPaths.read(TestPaths.packageRoot.appendingPathComponent("docs/md/troubleshooting.md"))
        #expect(md.contains("## Paste your log"))
        #expect(md.contains("keyless explain job.log --workflow .github/workflows/deploy.yml --job deploy --policy trust.json --repo octo-org/octo-repo"))
        #expect(md.contains("Best fit: sub-mismatch-environment"))
        #expect(md.contains("Fix: add \"repo:octo-org/octo-repo:environment:production\" to StringEquals"))
        #expect(!md.contains("the example could not be produced"))
    }
}
