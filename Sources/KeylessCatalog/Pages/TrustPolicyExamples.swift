import KeylessAnalysis
import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

/// The "Trust policy examples" page: each policy, what it admits, and what it refuses.
struct TrustPolicyExamples {
    let ref: Reference
    init(_ ref: Reference) { self.ref = ref }

    struct Example {
        var id: String
        var title: String
        var snippet: String
        var explanation: String
        /// The repository whose tokens the truth table tries (nil: the example repository).
        var repository: RepositoryConfig? = nil
        /// Environments the table must try (a role's own come first).
        var environments: [String] = []
    }

    static let pageID = "trust-policies"
    static let pageTitle = "Trust policy examples"

    var repo: String { ref.exampleName }
    /// The status analysis of 2025-11-12 is the Lambda page's story; other guides name the form plainly.
    var statusAnalysis: Bool { ref.config.lambdaPage != nil }

    /// Examples that only this page shows; the per-role policies come from the configuration.
    var snippets: [Snippet] {
        let aud = Condition(.stringEquals, ref.audKey, ref.config.provider.audiences)
        func policy(_ conditions: [Condition]) -> PolicyDocument {
            PolicyDocument(statements: [
                Statement(
                    sid: "GitHubActionsOIDC", principal: .federated(ref.config.providerARN),
                    actions: .action(["sts:AssumeRoleWithWebIdentity"]), conditions: conditions)
            ])
        }
        return [
            Snippet(
                id: "trust-seed-any-ref", path: "Snippets/iam/before/trust-\(ref.exampleRole.id)-any-ref.json",
                title: statusAnalysis ? "Before: the trust policy of the status analysis of 2025-11-12 (any ref of the repository)" : "Before: any ref of the repository",
                content: .policy(ref.trustPolicy(repository: repo, subjects: [.any]))),
            Snippet(
                id: "trust-org-wide", path: "Snippets/iam/before/trust-org-wide.json",
                title: "Wrong: every repository of the organisation",
                content: .policy(policy([aud, Condition(.stringLike, ref.subKey, ["repo:\(ref.org)/*"])]))),
            Snippet(
                id: "trust-stringequals-wildcard", path: "Snippets/iam/before/trust-stringequals-wildcard.json",
                title: "Wrong: a wildcard under StringEquals",
                content: .policy(policy([aud, Condition(.stringEquals, ref.subKey, ["repo:\(ref.org)/\(repo):*"])]))),
            Snippet(
                id: "trust-no-sub", path: "Snippets/iam/before/trust-audience-only.json",
                title: "Wrong: audience only, no subject",
                content: .policy(policy([aud]))),
        ]
    }

    var examples: [Example] {
        let sub = "`repo:\(ref.org)/\(repo):…`"
        var list = [
            Example(
                id: "any-ref", title: statusAnalysis ? "The status analysis's policy: any ref of one repository" : "Any ref of one repository", snippet: "trust-seed-any-ref",
                explanation: """
                    `StringLike` with \(sub.dropLast(2))*` admits every job of the repository: any branch, any tag, \
                    any pull request opened from a branch of the repository, any environment. It refuses other \
                    repositories and forks (fork pull requests get no token at all). Use it only for a role whose \
                    permissions are harmless on every branch.
                    """),
        ]
        for role in ref.config.roles {
            let subjects = role.subjects.map { "`\(SubjectClaim(repository: ref.repoName(ref.repository(role.repository).name), context: $0))`" }
            list.append(Example(
                id: role.id, title: "\(role.name): \(role.subjects.map(IaCSnippets.describe).joined(separator: ", "))",
                snippet: "trust-\(role.id)",
                explanation: """
                    `StringEquals` admits exactly \(subjects.joined(separator: " or ")). Values in one key's list \
                    are ORed; the `aud` and `sub` keys are ANDed. A job with `environment:` presents \
                    `environment:NAME` instead of its branch, so list the environment when the job declares one.
                    """, repository: ref.repository(role.repository), environments: role.environments))
        }
        list += [
            Example(
                id: "org-wide", title: "Wrong: every repository of the organisation", snippet: "trust-org-wide",
                explanation: """
                    `repo:\(ref.org)/*` admits any workflow of any repository in the organisation, including \
                    repositories created later and by anyone allowed to create one. Scope each role to the \
                    repositories that need it.
                    """),
            Example(
                id: "stringequals-wildcard", title: "Wrong: a wildcard under StringEquals", snippet: "trust-stringequals-wildcard",
                explanation: """
                    `StringEquals` compares `*` literally, so this policy admits no token at all and every run \
                    fails with `Not authorized to perform sts:AssumeRoleWithWebIdentity`. Use `StringLike` for \
                    patterns ([condition operators](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String)).
                    """),
            Example(
                id: "audience-only", title: "Wrong: audience only, no subject", snippet: "trust-no-sub",
                explanation: """
                    Without a `sub` condition any repository on GitHub could assume the role: every GitHub \
                    token has audience `sts.amazonaws.com`. IAM now rejects new trust policies for this provider \
                    that do not constrain `sub` ([GitHub's OIDC guide for AWS](https://docs.github.com/en/actions/how-tos/secure-your-work/security-harden-deployments/oidc-in-aws)).
                    """),
        ]
        return list
    }

    /// The policy as its checked snippet prints it, read back, so the table describes exactly the bytes shown.
    func checkedPolicy(_ id: String, _ library: SnippetLibrary) throws(DiagnosticError) -> PolicyDocument {
        let text = try checkedPolicyText(id, library)
        return try Self.decodePolicy(id, text)
    }

    /// The text of the policy snippet `id`.
    func checkedPolicyText(_ id: String, _ library: SnippetLibrary) throws(DiagnosticError) -> String {
        guard let checked = library[id], case .policy = checked.snippet.content else {
            throw DiagnosticError([Diagnostic(at: SourceLocation(path: "docs-src/keyless.yml"), "truth table refers to '\(id)', which is not a policy snippet", rule: "snippet-unknown")])
        }
        return checked.text
    }

    static func decodePolicy(_ id: String, _ text: String) throws(DiagnosticError) -> PolicyDocument {
        do {
            return try PolicyCodec.decode(text)
        } catch {
            throw DiagnosticError([Diagnostic(at: SourceLocation(path: "docs-src/keyless.yml"), "snippet '\(id)' does not read back as a policy: \(error)", rule: "truth-table")])
        }
    }

    /// One example: its policy's code block, the explanation, and the truth table of the policy as printed.
    func section(_ e: Example, _ library: SnippetLibrary) throws(DiagnosticError) -> Section {
        var truth = TruthTable(ref: ref, repository: e.repository)
        if !e.environments.isEmpty {
            // The role's environments, then another, so the table shows one admitted and one refused.
            truth.environments = Array((e.environments + truth.environments.filter { !e.environments.contains($0) }).prefix(max(2, e.environments.count)))
        }
        let block = try library.block(e.snippet)
        let text = try checkedPolicyText(e.snippet, library)
        let table = try truth.table(policyText: text) { () throws(DiagnosticError) in try Self.decodePolicy(e.snippet, text) }
        return Section(id: e.id, title: e.title, blocks: [block] + Prose.blocks(e.explanation) + [.table(table)])
    }

    func page(_ library: SnippetLibrary) throws(DiagnosticError) -> Page {
        // One section per example, each on its own (the truth tables are most of the page's time): made on
        // every core, taken in order, and the first failure in that order is the one reported.
        let made = Parallel.map(examples, workers: Parallel.workers()) { e -> Result<Section, DiagnosticError> in
            do throws(DiagnosticError) { return .success(try section(e, library)) } catch { return .failure(error) }
        }
        var sections: [Section] = []
        for result in made {
            switch result {
            case .success(let section): sections.append(section)
            case .failure(let error): throw error
            }
        }
        // Without a Lambda page, the IAM setup of every role is here.
        if ref.config.lambdaPage == nil { sections.append(try IAMSetupSection.section(ref, library)) }
        return Page(
            id: Self.pageID, title: Self.pageTitle,
            summary: "Each trust policy Keyless ships, and exactly which GitHub jobs it admits.",
            intro: Prose.blocks("""
                A trust policy decides which GitHub jobs may assume a role. STS compares the token's claims with \
                the policy's conditions. The `sub` claim names the repository and the context: \
                `ref:refs/heads/BRANCH`, `ref:refs/tags/TAG`, `pull_request` or `environment:NAME` \
                ([subject claim formats](https://docs.github.com/en/actions/reference/security/oidc#example-subject-claims)). \
                A job with `environment:` presents the environment, not the branch.

                Under each example, a table shows what the policy makes of a fixed set of tokens. Keyless computes \
                it when the guide is generated, by evaluating the policy exactly as its code block prints it, with the same \
                simulator as `keyless simulate`: explicit Deny first, then the Allow statements' action, principal \
                and conditions as AWS documents them ([condition operators](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html), \
                [several keys and values](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html)).
                """),
            sections: sections)
    }
}
