import Foundation
import KeylessAnalysis
import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

/// One of the fixed tokens every trust-policy example is evaluated against.
struct RepresentativeToken: Hashable {
    var label: String
    var claims: TokenClaims
    var sub: String { claims["sub"]?.values.first ?? "" }
}

/// Who a trust policy admits and refuses, computed by the simulator when the guide is generated.
struct TruthTable {
    let ref: Reference
    /// The repository the tokens come from.
    var repo: RepositoryConfig
    /// The environments of the environment rows (by default the configuration's first two).
    var environments: [String]
    /// The sibling repository of the "another repository" row: another repository of the configuration.
    var sibling: String

    init(ref: Reference, repository: RepositoryConfig? = nil) {
        self.ref = ref
        let repo = repository ?? ref.exampleRepository
        self.repo = repo
        let envs = repo.environments.isEmpty ? ref.config.environments.map(\.name) : repo.environments
        self.environments = Array(envs.prefix(2))
        self.sibling = ref.config.repositories.first { $0.id != repo.id }?.name ?? "\(repo.name)-infra"
    }

    /// Push to main, another branch, a tag, a pull request, two environments, a sibling repository, a
    /// lookalike name, different letter case, a reusable-workflow caller and the immutable subject form.
    var tokens: [RepresentativeToken] {
        let name = ref.repoName(repo.name)
        let main = "refs/heads/\(repo.defaultBranch)"
        // A reusable workflow of this repository, called from another one: the token carries the caller's sub.
        let workflowRef = "\(name.plain)/\(repo.workflow ?? repo.workflowFiles.first?.path ?? ".github/workflows/deploy.yml")@\(main)"
        let caller = ref.repoName("deployments")
        return [
            token("Push to \(repo.defaultBranch)", name, .branch(repo.defaultBranch), ref: main),
            token("Push to another branch", name, .branch("feature/login"), ref: "refs/heads/feature/login"),
            token("A tag", name, .tag("v1.2.0"), ref: "refs/tags/v1.2.0"),
            token("A pull request", name, .pullRequest, ref: "refs/pull/42/merge"),
        ] + environments.map { env in
            token("A job in environment \(env)", name, .environment(env), ref: env == environments.first ? main : "refs/heads/\(env)", environment: env)
        } + [
            token("Another repository of the owner", ref.repoName(sibling), .branch(repo.defaultBranch), ref: main),
            token("A lookalike repository", ref.repoName("\(repo.name)-evil"), .branch(repo.defaultBranch), ref: main),
            token("Different letter case", RepositoryName(owner: mixedCase(ref.org), name: mixedCase(repo.name)), .branch(repo.defaultBranch), ref: main),
            token("A caller of this repository's reusable workflow", caller, .branch(repo.defaultBranch), ref: main, jobWorkflowRef: workflowRef),
            token("The immutable subject form", RepositoryName(owner: name.owner, name: name.name, ownerID: "123456", repositoryID: "456789"),
                  .branch(repo.defaultBranch), ref: main),
        ]
    }

    /// `my-repo` → `My-Repo`: a name that differs from the real one only in letter case.
    func mixedCase(_ s: String) -> String {
        s.split(separator: "-", omittingEmptySubsequences: false).map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined(separator: "-")
    }

    func token(
        _ label: String, _ repo: RepositoryName, _ context: SubjectClaim.Context, ref gitRef: String,
        environment: String? = nil, jobWorkflowRef: String? = nil
    ) -> RepresentativeToken {
        var claims: TokenClaims = [
            "iss": .string(ref.config.provider.url),
            "aud": .string(ref.config.provider.audiences.first ?? OIDCProvider.stsAudience),
            "sub": .string(SubjectClaim(repository: repo, context: context).description),
            "repository": .string(repo.plain),
            "repository_owner": .string(repo.owner),
            "ref": .string(gitRef),
        ]
        if let environment { claims["environment"] = .string(environment) }
        if let jobWorkflowRef { claims["job_workflow_ref"] = .string(jobWorkflowRef) }
        return RepresentativeToken(label: label, claims: claims)
    }

    /// The table for the policy a snippet prints (`text`), decoded by `decode` when it is not made yet:
    /// the migration page and the trust-policy examples show the same role's table, made once per run.
    func table(policyText text: String, decode: () throws(DiagnosticError) -> PolicyDocument) throws(DiagnosticError) -> Table {
        // A table is the policy evaluated for the tokens, so those two are the key, whatever the tokens read.
        let tokens = self.tokens
        let key = TruthTableCache.Key(policy: text, tokens: tokens)
        if let table = ref.truthTables[key] { return table }
        let table = Self.table(for: try decode(), tokens: tokens)
        ref.truthTables[key] = table
        return table
    }

    /// The table for one policy: token (label and sub), decision, the simulator's reason.
    func table(for policy: PolicyDocument) -> Table { Self.table(for: policy, tokens: tokens) }

    static func table(for policy: PolicyDocument, tokens: [RepresentativeToken]) -> Table {
        let simulator = TrustSimulator()
        return Table(
            header: [["Token (its ", .code("sub"), ")"], ["Decision"], ["Reason"]],
            rows: tokens.map { t in
                let r = simulator.evaluate(policy, claims: t.claims)
                return [
                    [.text(t.label + ": "), .code(t.sub)],
                    [r.decision == .allow ? .strong(["admitted"]) : .text("refused")],
                    Self.inlines(r.reason),
                ]
            })
    }

    /// The reason sentence with its backquoted values as code.
    static func inlines(_ text: String) -> [Inline] {
        // Bytes when every Character is one ASCII byte (no CR: "\r\n" is one Character): the same parts.
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != 13 }) {
            return text.utf8.split(separator: UInt8(ascii: "`"), omittingEmptySubsequences: false).enumerated().compactMap { i, part -> Inline? in
                guard !part.isEmpty else { return nil }
                let s = String(decoding: part, as: UTF8.self)
                return i % 2 == 0 ? .text(s) : .code(s)
            }
        }
        return text.split(separator: "`", omittingEmptySubsequences: false).enumerated().compactMap { i, part in
            part.isEmpty ? nil : (i % 2 == 0 ? .text(String(part)) : .code(String(part)))
        }
    }
}

/// The truth tables of one generation run, by what a table is made of: the policy's text and the tokens
/// evaluated against it. Pages are built on several threads, so access is locked; two threads making the
/// same table make equal values.
final class TruthTableCache: @unchecked Sendable {
    struct Key: Hashable {
        var policy: String
        var tokens: [RepresentativeToken]
    }

    private var tables: [Key: Table] = [:]
    private let lock = NSLock()

    subscript(key: Key) -> Table? {
        get {
            lock.lock()
            defer { lock.unlock() }
            return tables[key]
        }
        set {
            lock.lock()
            defer { lock.unlock() }
            tables[key] = newValue
        }
    }
}
