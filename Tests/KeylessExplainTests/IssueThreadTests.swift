import Foundation
import KeylessExplain
import KeylessTestSupport
import Testing

/// Log lines users quoted in public issue threads, each with its link, and what `keyless explain` makes of
/// them: one entry, or honestly several it cannot tell apart, with the evidence that would decide.
struct ThreadLine: Sendable, CustomTestStringConvertible {
    enum Expect: Sendable {
        /// This entry, alone in first place.
        case entry(String)
        /// Several tied in first place, these among them; `decide` names evidence that tells them apart.
        case cannotTell(including: [String], decide: [String])
        /// No entry fits (exit 1).
        case none
    }

    var url: String
    /// The lines as the thread quotes them (pasted from the web page or the raw log).
    var log: String
    var expect: Expect
    var testDescription: String { url }

    static let cca = "https://github.com/aws-actions/configure-aws-credentials/issues/"
    static let trust = ["sub-mismatch-environment", "sub-mismatch-pull-request", "sub-mismatch-tag-or-branch", "sub-case-mismatch",
                        "trust-audience-condition-mismatch"]
    static let credentials = ["missing-id-token-permission", "long-lived-keys-still-used", "empty-role-to-assume"]

    static let all: [ThreadLine] = [
        ThreadLine(url: cca + "1446", log: "Error: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity",
                   expect: .cannotTell(including: trust, decide: ["--policy"])),
        ThreadLine(url: cca + "1293", log: """
            Assuming role with OIDC
            Assuming role with OIDC
            Assuming role with OIDC
            Error: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity
            """, expect: .cannotTell(including: trust + ["self-hosted-instance-credentials"], decide: ["--workflow", "--policy"])),
        ThreadLine(url: cca + "1100", log: "Assuming role with OIDC\nError: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity",
                   expect: .cannotTell(including: ["sub-case-mismatch"], decide: ["--policy"])),
        // v1's unwrapped wording: the entries that quote it (sub-mismatch-tag-or-branch does not yet).
        ThreadLine(url: cca + "318", log: "Error: Not authorized to perform sts:AssumeRoleWithWebIdentity",
                   expect: .cannotTell(including: trust.filter { $0 != "sub-mismatch-tag-or-branch" }, decide: ["--policy"])),
        ThreadLine(url: cca + "770", log: "Error: Credentials could not be loaded, please check your action inputs: Could not load credentials from any providers",
                   expect: .cannotTell(including: credentials, decide: ["--workflow"])),
        ThreadLine(url: cca + "337", log: "Error: Credentials could not be loaded, please check your action inputs: Could not load credentials from any providers",
                   expect: .cannotTell(including: credentials, decide: ["--workflow"])),
        // The action's own output quoted in a pull request of the aws organisation: the hint line narrows it to
        // the two entries that print it (a missing permission, or a fork's pull request); the workflow decides.
        ThreadLine(url: "https://github.com/aws/jsii-compiler/pull/1059", log: """
            It looks like you might be trying to authenticate with OIDC. Did you mean to set the `id-token` permission? If you are not trying to authenticate with OIDC and the action is working successfully, you can ignore this message.
            Error: Credentials could not be loaded, please check your action inputs: Could not load credentials from any providers
            """, expect: .cannotTell(including: ["missing-id-token-permission", "fork-pull-request-no-token"], decide: ["--workflow"])),
        ThreadLine(url: cca + "291", log: "Error: Incorrect token audience", expect: .entry("audience-not-on-provider")),
        ThreadLine(url: cca + "457", log: "Error: Incorrect token audience", expect: .entry("audience-not-on-provider")),
        // v1 printed STS's message without the action's prefix; the core of the entry's line still fits.
        ThreadLine(url: cca + "54", log: "2020-04-10T17:05:12.0000000Z ##[error]User: arn:aws:iam::***:user/deployer is not authorized to perform: sts:TagSession on resource: arn:aws:iam::***:role/devops",
                   expect: .entry("chaining-tag-session-denied")),
        ThreadLine(url: cca + "465", log: "Error: User: arn:aws:iam::***:user/[IAMUSERNAME] is not authorized to perform: sts:TagSession on resource: ***",
                   expect: .entry("chaining-tag-session-denied")),
        // The action's v4 retry wording, quoted in a third-party issue (joined: the issue wraps the line).
        ThreadLine(url: "https://github.com/OvertureMaps/stac/issues/113",
                   log: "Retry AssumeRole: attempt 1 of 12 failed: Could not assume role with user credentials: User: arn:aws:sts::913550007193:assumed-role/stac-publish-oidc-overturemaps/GitHubActions is not authorized to perform: sts:TagSession on resource: arn:aws:iam::763944545891:role/cloudfront-invalidator",
                   expect: .entry("chaining-tag-session-denied")),
        // The AWS CLI's wording of a missing provider, for another issuer: the three provider entries fit.
        ThreadLine(url: "https://github.com/treeverse/dvc.org/pull/5273",
                   log: "An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: No OpenIDConnect provider found in your account for https://studio.dvc.ai/api",
                   expect: .cannotTell(including: ["oidc-provider-missing", "issuer-host-mismatch"], decide: ["token's real claims"])),
        // No entry covers an invalid (rather than expired) security token: said so, exit 1.
        ThreadLine(url: cca + "681", log: "Error: The security token included in the request is invalid.", expect: .none),
    ]
}

@Suite struct IssueThreadTests {
    @Test(arguments: ThreadLine.all)
    func explained(_ t: ThreadLine) {
        let e = Entries.explainer.explain(JobLog(t.log))
        let best = e.best.map(\.entry.id)
        let text = e.render(.text, source: t.url)
        switch t.expect {
        case .entry(let id):
            #expect(best == [id], "\(t.url): \(best)\n\(text)")
            #expect(text.contains("Best fit: \(id)"))
        case .cannotTell(let ids, let decide):
            #expect(best.count > 1, "\(t.url): \(best)")
            for id in ids { #expect(best.contains(id), "\(t.url): \(id) not among \(best)") }
            #expect(text.contains("Cannot tell among \(best.count) entries"), "\(text)")
            for d in decide { #expect(e.wouldDecide.contains { $0.contains(d) }, "\(t.url): \(e.wouldDecide)") }
        case .none:
            #expect(!e.explained, "\(t.url): \(best)")
            #expect(text.contains("No failure mode fits"))
        }
    }

    /// Issue #1100's cause (the owner in another letter case in the trust policy), decided by the evidence.
    @Test func issue1100DecidedByThePolicy() throws {
        let log = JobLog("Assuming role with OIDC\nError: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity")
        let e = Entries.explainer.explain(log, evidence: try evidence(workflow: "issue-1100-workflow.yml", job: "deploy",
                                                                      policy: "issue-1100-trust.json", repo: "JarvisPrestidge/repo-name"))
        #expect(e.best.map(\.entry.id) == ["sub-case-mismatch"], "\(e.render(.text, source: "1100"))")
        #expect(e.best.first?.evidence.first?.reason.contains("add \"repo:JarvisPrestidge/repo-name:ref:refs/heads/main\"") == true)
    }

    /// Issue #770's job has no `permissions:` at all: the workflow decides.
    @Test func issue770DecidedByTheWorkflow() throws {
        let log = JobLog("Error: Credentials could not be loaded, please check your action inputs: Could not load credentials from any providers")
        let e = Entries.explainer.explain(log, evidence: try evidence(workflow: "issue-770-workflow.yml", job: "myrepo-test"))
        #expect(e.best.map(\.entry.id) == ["missing-id-token-permission"], "\(e.render(.text, source: "770"))")
        let ruledOut = e.candidates.filter(\.ruledOut).map(\.entry.id)
        #expect(ruledOut.contains("long-lived-keys-still-used") && ruledOut.contains("empty-role-to-assume"), "\(ruledOut)")
    }
}
