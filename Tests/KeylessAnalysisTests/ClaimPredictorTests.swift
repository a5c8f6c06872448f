import KeylessTestSupport
import Foundation
import KeylessAnalysis
import KeylessSyntax
import KeylessModel
import Testing

enum Fixtures {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    static func workflow(_ name: String) throws -> Workflow {
        let text = try String(contentsOfFile: path("workflows/\(name)"), encoding: .utf8)
        let reader = YAMLReader(path: name, strict: false, rule: "workflow")
        return try #require(WorkflowCodec.decode(text, reader: reader), "\(reader.diagnostics)")
    }
}

let repo = RepositoryName(owner: "honeyhiveai", name: "python-sdk")

func predict(_ file: String, event: String? = nil, ref: String? = nil, repository: RepositoryName = repo) throws -> [ClaimPrediction] {
    let predictor = ClaimPredictor(repository: repository, defaultBranch: "main", workflowPath: ".github/workflows/\(file)")
    return try predictor.predict(try Fixtures.workflow(file), event: event, ref: ref)
}

/// Each fixture's `sub` follows https://docs.github.com/en/actions/reference/security/oidc#example-subject-claims.
@Suite struct ClaimPredictorTests {
    @Test func pushToABranch() throws {
        let p = try predict("push.yml")
        #expect(p.map(\.sub) == [.known("repo:honeyhiveai/python-sdk:ref:refs/heads/main")])
        #expect(p[0].eventName == "push" && p[0].ref == .known("refs/heads/main") && p[0].environment == nil)
        #expect(p[0].jobWorkflowRef == .known("honeyhiveai/python-sdk/.github/workflows/push.yml@refs/heads/main"))
    }

    @Test func pushOfATag() throws {
        let p = try predict("tag.yml")
        #expect(p.map(\.sub) == [.known("repo:honeyhiveai/python-sdk:ref:refs/tags/v1.2.0")])
        #expect(p[0].ref == .known("refs/tags/v1.2.0"))
    }

    @Test func scheduleRunsOnTheDefaultBranch() throws {
        let p = try predict("schedule.yml")
        #expect(p.map(\.sub) == [.known("repo:honeyhiveai/python-sdk:ref:refs/heads/main")])
        #expect(p[0].eventName == "schedule")
    }

    @Test func workflowDispatchAndAnEnvironmentFromAnInput() throws {
        let p = try predict("dispatch.yml")
        #expect(p.count == 2)
        #expect(p[0].job == "manual" && p[0].sub == .known("repo:honeyhiveai/python-sdk:ref:refs/heads/main"))
        // The environment is chosen at dispatch time: reported unknown, not guessed.
        #expect(p[1].job == "chosen")
        #expect(p[1].sub == .unknown("environment is ${{ inputs.env }}"))
        #expect(p[1].environment == .unknown("environment is ${{ inputs.env }}"))
        #expect(p[1].claims()["sub"] == nil)
    }

    @Test func dispatchOnAnotherRef() throws {
        let p = try predict("dispatch.yml", event: "workflow_dispatch", ref: "release/1.0")
        #expect(p[0].sub == .known("repo:honeyhiveai/python-sdk:ref:refs/heads/release/1.0"))
    }

    @Test func pullRequest() throws {
        let p = try predict("pull-request.yml")
        #expect(p.map(\.sub) == [.known("repo:honeyhiveai/python-sdk:pull_request")])
        #expect(p[0].ref == .unknown("refs/pull/NUMBER/merge"))
    }

    /// GitHub's table of events (github.com and GHES 3.20+): pull_request_target runs on the default branch
    /// of the base repository, whatever `branches:` selects (it used to be the pull request's base branch).
    @Test func pullRequestTargetUsesTheDefaultBranch() throws {
        let p = try predict("pull-request-target.yml")
        #expect(p.map(\.sub) == [.known("repo:honeyhiveai/python-sdk:ref:refs/heads/main")])
        #expect(p[0].eventName == "pull_request_target")
    }

    @Test func environmentsWinOverPullRequestAndRef() throws {
        let p = try predict("environments.yml")
        let byJob = Dictionary(grouping: p, by: \.job)
        // By name and by {name: …}; the same sub for push and pull_request, as the environment wins.
        #expect(byJob["by-name"]?.map(\.sub) == Array(repeating: .known("repo:honeyhiveai/python-sdk:environment:production"), count: 2))
        #expect(byJob["by-mapping"]?.map(\.sub) == Array(repeating: .known("repo:honeyhiveai/python-sdk:environment:staging"), count: 2))
        #expect(byJob["by-mapping"]?.first?.environment == .known("staging"))
        // A `:` inside the environment name is written %3A; the environment claim keeps the name.
        #expect(byJob["with-colon"]?.first?.sub == .known("repo:honeyhiveai/python-sdk:environment:prod%3Aeu"))
        #expect(byJob["with-colon"]?.first?.environment == .known("prod:eu"))
        #expect(Set(p.map(\.eventName)) == ["push", "pull_request"])
    }

    @Test func onlyTheEventAsked() throws {
        let p = try predict("environments.yml", event: "pull_request")
        #expect(p.count == 3 && p.allSatisfy { $0.eventName == "pull_request" })
    }

    @Test func reusableWorkflowCallsPresentTheCallersSub() throws {
        let p = try predict("reusable-call.yml")
        let byJob = Dictionary(uniqueKeysWithValues: p.map { ($0.job, $0) })
        let caller = ClaimValue.string("repo:honeyhiveai/python-sdk:ref:refs/heads/main")
        for job in ["local", "remote", "remote-short"] {
            #expect(byJob[job]?.sub == .known(caller.values[0]), "\(job)")
        }
        #expect(byJob["local"]?.jobWorkflowRef == .known("honeyhiveai/python-sdk/.github/workflows/deploy.yml@refs/heads/main"))
        #expect(byJob["remote"]?.jobWorkflowRef == .known("honeyhiveai/shared/.github/workflows/oidc.yml@refs/heads/main"))
        #expect(byJob["remote"]?.calls == "honeyhiveai/shared/.github/workflows/oidc.yml@refs/heads/main")
        // `@v2` may be a branch or a tag: the full ref in job_workflow_ref cannot be known.
        guard case .unknown(let why)? = byJob["remote-short"]?.jobWorkflowRef else {
            Issue.record("expected an unknown job_workflow_ref")
            return
        }
        #expect(why.contains("refs/heads/v2") && why.contains("refs/tags/v2"))
    }

    @Test func immutableSubjectForm() throws {
        let ids = RepositoryName(owner: "honeyhiveai", name: "python-sdk", ownerID: "123456", repositoryID: "456789")
        let p = try predict("push.yml", repository: ids)
        #expect(p[0].sub == .known("repo:honeyhiveai@123456/python-sdk@456789:ref:refs/heads/main"))
        #expect(p[0].repository == "honeyhiveai/python-sdk")
        let env = try predict("environments.yml", event: "push", repository: ids)
        #expect(env[0].sub == .known("repo:honeyhiveai@123456/python-sdk@456789:environment:production"))
    }

    @Test func jsonHasTheRequiredFieldsInAFixedOrder() throws {
        let p = try predict("dispatch.yml")
        let text = JSONEmitter.emit(.array(p.map(\.json)))
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(decoded.count == 2)
        #expect(decoded[0]["job"] as? String == "manual")
        #expect(decoded[0]["sub"] as? String == "repo:honeyhiveai/python-sdk:ref:refs/heads/main")
        #expect(decoded[0]["environment"] is NSNull && decoded[0]["job_workflow_ref"] as? String != nil)
        #expect(decoded[1]["sub"] is NSNull)
        #expect((decoded[1]["unknown"] as? [String: String])?["sub"] == "environment is ${{ inputs.env }}")
        #expect(text.firstRange(of: "\"job\"")!.lowerBound < text.firstRange(of: "\"sub\"")!.lowerBound)
    }
}
