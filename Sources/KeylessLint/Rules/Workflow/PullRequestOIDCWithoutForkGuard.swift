import KeylessModel
import KeylessSyntax

/// `pull-request-oidc-without-fork-guard`: a pull-request job assumes a role with OIDC without a guard
/// that fits its trigger.
package enum PullRequestOIDCWithoutForkGuard: WorkflowRule {
    package static let rule = Rule("pull-request-oidc-without-fork-guard", .workflow, .warning, title: "Pull-request job assumes a role without a fork guard",
        explanation: "On `pull_request`, runs for pull requests from forks normally get no OIDC token and no secrets, and runs started by Dependabot see no Actions secrets (GitHub lets `permissions:` raise their token, but a `role-to-assume` read from `secrets.*` is empty), so a job that assumes a role fails there: guard it with `if: github.event.pull_request.head.repo.full_name == github.repository && github.actor != 'dependabot[bot]'`. On `pull_request_target` the job runs in the base repository's context and does get a token, for fork pull requests too: if it runs the pull request's code, that code can assume the role. Limit it to pull requests from the repository itself (`github.event.pull_request.head.repo.full_name == github.repository`) or put it behind an environment with required reviewers. An inverted condition (`!=`, `fork == true`) selects the forks instead of excluding them and is not a guard.",
        source: RuleSource.oidcDoc)

    package static func check(_ context: WorkflowContext, report: inout RuleReport) {
        let onPR = context.pullRequestTriggers.contains { if case .pullRequest = $0 { return true }; return false }
        let onTarget = context.pullRequestTriggers.contains { if case .pullRequestTarget = $0 { return true }; return false }
        guard onPR || onTarget else { return }
        for job in context.jobs {
            guard context.credentials.job(job.job.id)?.assumesRoleWithOIDC == true else { continue }
            let steps = context.steps.filter { $0.job?.job.id == job.job.id && $0.assumesRoleWithOIDC }
            // A guard on the job, or on every role-assuming step (one step's guard does not cover another).
            let all: [String] = steps.isEmpty ? [job.job.condition?.source ?? ""] : steps.map { s in
                [job.job.condition?.source, s.step.condition?.source].compactMap { $0 }.joined(separator: " && ") }
            if onPR && !all.allSatisfy({ Guards.excludesForks($0) && Guards.excludesDependabot($0) }) {
                report.add(at: job.path, "job '\(job.job.id)' assumes a role on pull_request without excluding forks (no OIDC token) and Dependabot (no Actions secrets)")
            }
            if onTarget && !all.allSatisfy({ Guards.excludesForks($0) }) && job.job.environment == nil {
                report.add(at: job.path, "job '\(job.job.id)' assumes a role on pull_request_target, which runs in the base repository's context and gets an OIDC token for fork pull requests too: code from a fork that the job runs can assume the role; limit it to pull requests from this repository or require an environment's reviewers")
            }
        }
    }
}

/// What a job's `if:` excludes, read from its comparisons (an inverted one does not count).
enum Guards {
    /// `head.repo.full_name == github.repository`, `!…head.repo.fork`, `head.repo.fork == false`.
    static func excludesForks(_ condition: String) -> Bool {
        if condition.isEmpty { return false }
        let c = normalized(condition)
        for (a, b) in [("github.event.pull_request.head.repo.full_name", "github.repository")] {
            if c.contains("\(a)==\(b)") || c.contains("\(b)==\(a)") { return true }
        }
        let fork = "github.event.pull_request.head.repo.fork"
        return c.contains("!\(fork)") || c.contains("\(fork)==false") || c.contains("\(fork)!=true")
            || c.contains("false==\(fork)")
    }

    /// `github.actor != 'dependabot[bot]'` (or `triggering_actor`), `!contains(github.actor, 'dependabot')`,
    /// `!startsWith(github.head_ref, 'dependabot/')`.
    static func excludesDependabot(_ condition: String) -> Bool {
        if condition.isEmpty { return false }
        let c = normalized(condition)
        for actor in ["github.actor", "github.triggering_actor", "github.event.pull_request.user.login"] {
            if c.contains("\(actor)!='dependabot[bot]'") || c.contains("'dependabot[bot]'!=\(actor)") { return true }
        }
        return c.contains("!contains(github.actor,'dependabot") || c.contains("!startswith(github.head_ref,'dependabot")
            || c.contains("!contains(github.triggering_actor,'dependabot")
    }

    /// Lower case, without spaces or `${{ }}`, double quotes as single.
    static func normalized(_ s: String) -> String {
        // ASCII without `\r` (every condition seen): the same steps on bytes. With a `\r` the Characters
        // differ ("\r\n" is one, and is kept), so such text takes the path below.
        if let fast = ASCIILine.withBytes(s, { b -> String? in
            guard !b.contains(where: { $0 >= 0x80 || $0 == 13 }) else { return nil }
            var a: [UInt8] = []
            a.reserveCapacity(b.count)
            for x in b where x != 32 && x != 10 && x != 9 {
                let lower = x >= 65 && x <= 90 ? x + 32 : x
                a.append(lower == 34 ? 39 : lower)
            }
            return String(decoding: removingAll(removingAll(a, Array("${{".utf8)), Array("}}".utf8)), as: UTF8.self)
        }) { return fast }
        return normalizedUnicode(s)
    }

    /// `normalized` for any text, by Character.
    static func normalizedUnicode(_ s: String) -> String {
        String(s.lowercased().filter { $0 != " " && $0 != "\n" && $0 != "\t" }.map { $0 == "\"" ? "'" : $0 })
            .replacingAll("${{", with: "").replacingAll("}}", with: "")
    }
}

extension Guards {
    /// `bytes` without each occurrence of `word`, found left to right as `replacingAll` finds them.
    static func removingAll(_ bytes: [UInt8], _ word: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if i + word.count <= bytes.count, bytes[i..<(i + word.count)].elementsEqual(word) { i += word.count; continue }
            out.append(bytes[i])
            i += 1
        }
        return out
    }
}

extension String {
    func replacingAll(_ a: String, with b: String) -> String {
        guard !a.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: a) {
            out += rest[..<r.lowerBound] + b
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
