import KeylessTestSupport
import Foundation
import KeylessAnalysis
import KeylessSyntax
import KeylessModel
import Testing

@Suite struct DoctorTests {
    func stricterPolicy() throws -> PolicyDocument {
        try PolicyCodec.decode(try String(contentsOfFile: Fixtures.path("policies/stricter.json"), encoding: .utf8))
    }

    func doctor(_ file: String) -> Doctor {
        Doctor(predictor: ClaimPredictor(repository: repo, workflowPath: ".github/workflows/\(file)"))
    }

    /// The seed's stricter policy admits main and environment production; a job in staging is refused.
    @Test func stagingJobIsRefusedWithTheFix() throws {
        let findings = try doctor("staging-deploy.yml").examine(try Fixtures.workflow("staging-deploy.yml"), policy: try stricterPolicy()).findings
        // Only the job that assumes a role is examined.
        #expect(findings.map(\.prediction.job) == ["deploy"])
        let f = try #require(findings.first)
        #expect(f.kind == .refused)
        #expect(f.prediction.sub == .known("repo:honeyhiveai/python-sdk:environment:staging"))
        let fix = try #require(f.fix)
        #expect(fix.hasPrefix(#"add "repo:honeyhiveai/python-sdk:environment:staging" to StringEquals "token.actions.githubusercontent.com:sub""#), "\(fix)")
        #expect(fix.contains("`environment: production`"), "\(fix)")
        #expect(f.message.contains("refuses"))
    }

    @Test func pushToMainIsAdmitted() throws {
        let findings = try doctor("push.yml").examine(try Fixtures.workflow("push.yml"), policy: try stricterPolicy()).findings
        #expect(findings.map(\.kind) == [.admitted])
    }

    @Test func pushToAnotherBranchIsRefused() throws {
        let findings = try doctor("push.yml").examine(try Fixtures.workflow("push.yml"), policy: try stricterPolicy(), event: "push", ref: "dev").findings
        #expect(findings.map(\.kind) == [.refused])
        #expect(findings[0].fix?.contains(#""repo:honeyhiveai/python-sdk:ref:refs/heads/dev""#) == true)
        // No environment on the job, and the policy admits one: the workflow-side alternative is offered too.
        #expect(findings[0].fix?.contains("declare `environment: production`") == true)
    }

    @Test func wrongAudienceNamesTheAudienceFix() throws {
        var w = try Fixtures.workflow("push.yml")
        w.jobs[0].steps[0].with.append(KeyValue("audience", .string("https://github.com/honeyhiveai")))
        let findings = try doctor("push.yml").examine(w, policy: try stricterPolicy()).findings
        #expect(findings.map(\.kind) == [.refused])
        #expect(findings[0].fix?.contains("`audience` to `sts.amazonaws.com`") == true, "\(findings[0].fix ?? "")")
    }
}
