/// The `sub` claim of a GitHub Actions OIDC token, or a pattern of it in a trust policy.
///
/// Formats from https://docs.github.com/en/actions/reference/security/oidc#example-subject-claims:
/// `repo:OWNER/REPO:environment:NAME`, `repo:OWNER/REPO:pull_request`,
/// `repo:OWNER/REPO:ref:refs/heads/BRANCH`, `repo:OWNER/REPO:ref:refs/tags/TAG`; the immutable
/// form names owner and repository by id too: `repo:OWNER@OWNER_ID/REPO@REPO_ID:…`.
/// A `:` inside a value (an environment name, say) is written `%3A`.
public struct SubjectClaim: Hashable, Sendable, Codable, CustomStringConvertible {
    public var repository: RepositoryName
    public var context: Context

    public init(repository: RepositoryName, context: Context) {
        self.repository = repository
        self.context = context
    }

    /// What follows the repository part.
    public enum Context: Hashable, Sendable, Codable {
        case branch(String)
        case tag(String)
        case environment(String)
        case pullRequest
        /// `*`: every ref, environment and event of the repository (a `StringLike` pattern).
        case any
        /// Anything else: a custom claim set, or a pattern Keyless does not model.
        case custom(String)
    }

    /// The subject as written in a token or a policy.
    public var description: String {
        "repo:\(repository):\(contextText)"
    }

    public var contextText: String {
        switch context {
        case .branch(let b): return "ref:refs/heads/\(Self.escape(b))"
        case .tag(let t): return "ref:refs/tags/\(Self.escape(t))"
        case .environment(let e): return "environment:\(Self.escape(e))"
        case .pullRequest: return "pull_request"
        case .any: return "*"
        case .custom(let c): return c
        }
    }

    /// GitHub writes a `:` inside a claim value as `%3A` so the separators stay unambiguous.
    public static func escape(_ value: String) -> String {
        value.replacingAll(":", with: "%3A")
    }

    /// Reads a `sub` value or pattern; nil when it does not start with `repo:OWNER/REPO:`.
    public init?(parsing text: String) {
        guard text.hasPrefix("repo:") else { return nil }
        let rest = text.dropFirst(5)
        guard let colon = rest.firstIndex(of: ":"), let repo = RepositoryName(parsing: String(rest[..<colon])) else {
            return nil
        }
        let ctx = String(rest[rest.index(after: colon)...])
        let unescape: (Substring) -> String = { String($0).replacingAll("%3A", with: ":") }
        let context: Context
        if ctx == "*" {
            context = .any
        } else if ctx == "pull_request" {
            context = .pullRequest
        } else if ctx.hasPrefix("ref:refs/heads/"), !ctx.dropFirst(15).contains(":") {
            context = .branch(unescape(ctx.dropFirst(15)))
        } else if ctx.hasPrefix("ref:refs/tags/"), !ctx.dropFirst(14).contains(":") {
            context = .tag(unescape(ctx.dropFirst(14)))
        } else if ctx.hasPrefix("environment:"), !ctx.dropFirst(12).contains(":") {
            context = .environment(unescape(ctx.dropFirst(12)))
        } else {
            context = .custom(ctx)
        }
        self.init(repository: repo, context: context)
    }
}

/// `OWNER/REPO`, or the immutable `OWNER@OWNER_ID/REPO@REPO_ID`.
public struct RepositoryName: Hashable, Sendable, Codable, CustomStringConvertible {
    public var owner: String
    public var name: String
    public var ownerID: String?
    public var repositoryID: String?

    public init(owner: String, name: String, ownerID: String? = nil, repositoryID: String? = nil) {
        self.owner = owner
        self.name = name
        self.ownerID = ownerID
        self.repositoryID = repositoryID
    }

    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        func split(_ s: Substring) -> (String, String?) {
            guard let at = s.firstIndex(of: "@") else { return (String(s), nil) }
            return (String(s[..<at]), String(s[s.index(after: at)...]))
        }
        let (owner, ownerID) = split(parts[0])
        let (name, repoID) = split(parts[1])
        self.init(owner: owner, name: name, ownerID: ownerID, repositoryID: repoID)
    }

    public var description: String {
        let o = ownerID.map { "\(owner)@\($0)" } ?? owner
        let r = repositoryID.map { "\(name)@\($0)" } ?? name
        return "\(o)/\(r)"
    }

    /// `OWNER/REPO` without ids, as in the `repository` claim.
    public var plain: String { "\(owner)/\(name)" }
}

extension String {
    /// Replaces every occurrence of `target` (Foundation-free, so the model stays value-only).
    package func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

extension Substring {
    package func range(of target: String) -> Range<Index>? {
        guard !target.isEmpty, count >= target.count else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(target) {
                return i..<index(i, offsetBy: target.count)
            }
            i = index(after: i)
        }
        return nil
    }
}
