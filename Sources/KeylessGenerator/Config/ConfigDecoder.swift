import KeylessIaC
import KeylessSyntax
import KeylessModel
import Yams

/// Reads and validates `docs-src/keyless.yml`: one diagnostic per problem, with line and column.
public enum ConfigDecoder {
    public static func decode(_ text: String, path: String) throws(DiagnosticError) -> KeylessConfig {
        let r = YAMLReader(path: path, strict: true, rule: "config-schema", nodeBudget: 100_000)
        guard let root = r.compose(text) else { throw DiagnosticError(r.diagnostics) }
        let config = decode(root, r)
        if let config, r.diagnostics.isEmpty { return config }
        throw DiagnosticError(r.diagnostics.isEmpty ? [Diagnostic(at: r.location(root), "invalid configuration", rule: "config-schema")] : r.diagnostics)
    }

    static let topKeys = [
        "organization", "account", "placeholders", "partition", "region", "provider", "repositories", "roles",
        "environments", "hive-kube", "inject",
    ]

    static func decode(_ root: Node, _ r: YAMLReader) -> KeylessConfig? {
        guard let f = r.fields(root, "the configuration", allowed: topKeys) else { return nil }
        func required(_ key: String) -> Node? {
            if let v = f[key]?.value { return v }
            r.error(at: root, "missing required key '\(key)'", rule: "config-schema")
            return nil
        }
        let placeholders = f["placeholders"].flatMap { r.strings($0.value, "placeholders") } ?? []
        for (i, p) in placeholders.enumerated() where !Validate.isPlaceholder(p) {
            r.error(at: f["placeholders"]?.value, "placeholder \(i + 1) '\(p)' must be UPPER_SNAKE_CASE", rule: "config-placeholder")
        }
        let organization = required("organization").flatMap { node -> String? in
            guard let s = r.string(node, "organization") else { return nil }
            if !Validate.isOwnerName(s) { r.error(at: node, "organization '\(s)' is not a valid GitHub owner name (letters, digits and single hyphens, at most 39)", rule: "config-name") }
            return s
        }
        let account = required("account").flatMap { node -> AccountID? in
            guard let s = r.string(node, "account") else { return nil }
            let id = AccountID(parsing: s)
            switch id {
            case .id: return id
            case .placeholder(let p) where placeholders.contains(p): return id
            default:
                r.error(at: node, "account '\(s)' is neither a 12-digit AWS account id nor a placeholder declared under 'placeholders'", rule: "config-account")
                return nil
            }
        }
        let partition = f["partition"].map(\.value).flatMap { node -> String? in
            guard let s = r.string(node, "partition") else { return nil }
            if !["aws", "aws-cn", "aws-us-gov"].contains(s) { r.error(at: node, "partition '\(s)' must be aws, aws-cn or aws-us-gov", rule: "config-region") }
            return s
        } ?? "aws"
        let region = required("region").flatMap { node -> String? in
            guard let s = r.string(node, "region") else { return nil }
            if !Validate.isRegion(s) { r.error(at: node, "region '\(s)' is not an AWS region name such as us-east-1", rule: "config-region") }
            return s
        }
        let provider = required("provider").flatMap { decodeProvider($0, r) }
        let repositories = required("repositories").flatMap { r.sequence($0, "repositories") }?.compactMap { decodeRepository($0, r) } ?? []
        let environments = f["environments"].flatMap { r.sequence($0.value, "environments") }?.compactMap { decodeEnvironment($0, r) } ?? []
        let roles = required("roles").flatMap { r.sequence($0, "roles") }?.compactMap { decodeRole($0, r, repositories: repositories) } ?? []
        let hiveKube = required("hive-kube").flatMap { decodeHiveKube($0, r) }
        checkUnique(repositories.map(\.id), f["repositories"]?.value, "repository", r)
        checkUnique(roles.map(\.id), f["roles"]?.value, "role", r)
        checkUnique(roles.map(\.name), f["roles"]?.value, "role name", r)
        checkUnique(environments.map(\.id), f["environments"]?.value, "environment", r)
        guard let organization, let account, let region, let provider, let hiveKube else { return nil }
        var config = KeylessConfig(
            organization: organization, account: account, placeholders: placeholders, partition: partition,
            region: region, provider: provider, repositories: repositories, roles: roles, environments: environments,
            hiveKube: hiveKube)
        config.injectTargets = f["inject"].flatMap { n -> [String]? in
            guard let list = r.strings(n.value, "inject") else { return nil }
            for t in list where !(t.hasSuffix(".rst") || t.hasSuffix(".md") || t.hasSuffix(".txt")) || t.isEmpty {
                r.error(at: n.value, "inject target '\(t)' must be an .rst, .txt or .md file", rule: "config-path")
            }
            return list
        } ?? []
        return config
    }

    /// Ids must be unique; the item node is found again so the diagnostic points at the second one.
    static func checkUnique(_ ids: [String], _ list: Node?, _ what: String, _ r: YAMLReader) {
        var seen = Set<String>()
        let items: [Node] = { if case .sequence(let s)? = list { return Array(s) } else { return [] } }()
        for (i, id) in ids.enumerated() where !seen.insert(id).inserted {
            r.error(at: items.indices.contains(i) ? items[i] : list, "duplicate \(what) id '\(id)'", rule: "config-duplicate-id")
        }
    }

    static func decodeProvider(_ node: Node, _ r: YAMLReader) -> OIDCProvider? {
        guard let f = r.fields(node, "provider", allowed: ["url", "audiences", "thumbprints"]) else { return nil }
        guard let u = f["url"], let url = r.string(u.value, "provider.url") else {
            r.error(at: node, "provider needs a 'url'", rule: "config-schema")
            return nil
        }
        if !url.hasPrefix("https://") || url.hasSuffix("/") {
            r.error(at: u.value, "provider url '\(url)' must start with https:// and have no trailing slash", rule: "config-provider")
        }
        let audiences = f["audiences"].flatMap { r.strings($0.value, "provider.audiences") } ?? [OIDCProvider.stsAudience]
        let thumbprints = f["thumbprints"].flatMap { r.strings($0.value, "provider.thumbprints") } ?? []
        for t in thumbprints where !(t.count == 40 && t.allSatisfy(\.isHexDigit)) {
            r.error(at: f["thumbprints"]?.value, "thumbprint '\(t)' must be 40 hexadecimal digits", rule: "config-provider")
        }
        return OIDCProvider(url: url, audiences: audiences, thumbprints: thumbprints)
    }

    static func id(_ f: YAMLReader.Fields, _ node: Node, _ what: String, _ r: YAMLReader) -> String? {
        guard let n = f["id"] else {
            r.error(at: node, "\(what) needs an 'id'", rule: "config-schema")
            return nil
        }
        guard let s = r.string(n.value, "\(what) id") else { return nil }
        if !Validate.isKebab(s) { r.error(at: n.value, "\(what) id '\(s)' must be kebab-case (a-z, 0-9, -)", rule: "config-id") }
        return s
    }

    static func requiredString(_ f: YAMLReader.Fields, _ key: String, _ node: Node, _ what: String, _ r: YAMLReader) -> String? {
        guard let n = f[key] else {
            r.error(at: node, "\(what) needs '\(key)'", rule: "config-schema")
            return nil
        }
        return r.string(n.value, "\(what) \(key)")
    }

    static func decodeRepository(_ node: Node, _ r: YAMLReader) -> RepositoryConfig? {
        guard let f = r.fields(node, "a repository", allowed: ["id", "name", "default-branch", "workflow", "job"]) else { return nil }
        guard let id = id(f, node, "repository", r), let name = requiredString(f, "name", node, "repository", r),
            let workflow = requiredString(f, "workflow", node, "repository", r),
            let job = requiredString(f, "job", node, "repository", r)
        else { return nil }
        if !Validate.isRepositoryName(name) { r.error(at: f["name"]?.value, "repository name '\(name)' may hold only letters, digits, '.', '_' and '-'", rule: "config-name") }
        let branch = f["default-branch"].flatMap { r.string($0.value, "default-branch") } ?? "main"
        return RepositoryConfig(id: id, name: name, defaultBranch: branch, workflow: workflow, job: job)
    }

    static func decodeEnvironment(_ node: Node, _ r: YAMLReader) -> EnvironmentConfig? {
        guard let f = r.fields(node, "an environment", allowed: ["id", "name", "branch"]) else { return nil }
        guard let id = id(f, node, "environment", r), let name = requiredString(f, "name", node, "environment", r),
            let branch = requiredString(f, "branch", node, "environment", r)
        else { return nil }
        return EnvironmentConfig(id: id, name: name, branch: branch)
    }

    static func decodeRole(_ node: Node, _ r: YAMLReader, repositories: [RepositoryConfig]) -> RoleConfig? {
        let keys = ["id", "name", "repository", "subjects", "session-name", "max-session-duration"]
        guard let f = r.fields(node, "a role", allowed: keys) else { return nil }
        guard let id = id(f, node, "role", r), let name = requiredString(f, "name", node, "role", r),
            let repo = requiredString(f, "repository", node, "role", r)
        else { return nil }
        if let problem = Validate.roleNameProblem(name) { r.error(at: f["name"]?.value, "role name '\(name)' \(problem)", rule: "config-role-name") }
        if !repositories.contains(where: { $0.id == repo }) {
            r.error(at: f["repository"]?.value, "role '\(id)' names repository '\(repo)', which is not declared under 'repositories'", rule: "config-reference")
        }
        var subjects: [SubjectClaim.Context] = []
        var invalid = 0
        if let s = f["subjects"], let items = r.sequence(s.value, "subjects") {
            for item in items {
                guard let text = r.string(item, "a subject") else { invalid += 1; continue }
                guard let ctx = subjectContext(text) else {
                    invalid += 1
                    r.error(at: item, "subject '\(text)' must be 'branch:NAME', 'tag:NAME', 'environment:NAME' or 'pull_request'", rule: "config-subject")
                    continue
                }
                subjects.append(ctx)
            }
        }
        if subjects.isEmpty && invalid == 0 { r.error(at: f["subjects"]?.value ?? node, "role '\(id)' needs at least one subject", rule: "config-subject") }
        let session = f["session-name"].flatMap { n -> String? in
            guard let s = r.string(n.value, "session-name") else { return nil }
            if let problem = Validate.sessionNameProblem(s) { r.error(at: n.value, "role-session-name '\(s)' \(problem)", rule: "config-session-name") }
            return s
        } ?? "github-actions"
        let maxDuration = f["max-session-duration"].flatMap { n -> Int? in
            guard let v = r.int(n.value, "max-session-duration") else { return nil }
            if !(3600...43200).contains(v) { r.error(at: n.value, "max-session-duration \(v) must be between 3600 and 43200 seconds", rule: "config-duration") }
            return v
        } ?? 3600
        return RoleConfig(id: id, name: name, repository: repo, subjects: subjects, sessionName: session, maxSessionDuration: maxDuration)
    }

    static func subjectContext(_ text: String) -> SubjectClaim.Context? {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        switch (parts.first, parts.count) {
        case ("pull_request"?, 1): return .pullRequest
        case ("branch"?, 2): return .branch(parts[1])
        case ("tag"?, 2): return .tag(parts[1])
        case ("environment"?, 2): return .environment(parts[1])
        default: return nil
        }
    }

    static func decodeHiveKube(_ node: Node, _ r: YAMLReader) -> HiveKubeConfig? {
        let keys = ["repository", "workflows", "workflows-dir", "environments", "secret-pattern", "role-pattern"]
        guard let f = r.fields(node, "hive-kube", allowed: keys) else { return nil }
        let dir = f["workflows-dir"].flatMap { n -> String? in
            guard let s = r.string(n.value, "workflows-dir") else { return nil }
            if let problem = Validate.relativePathProblem(s) { r.error(at: n.value, "workflows-dir '\(s)' \(problem)", rule: "config-path") }
            return s
        }
        // With a workflows folder the count comes from the audit; an inventory states it.
        let count = f["workflows"].flatMap { r.int($0.value, "workflows") } ?? (dir != nil && f["workflows"] == nil ? 0 : nil)
        guard let repo = requiredString(f, "repository", node, "hive-kube", r),
            let count,
            let envs = f["environments"].flatMap({ r.strings($0.value, "environments") }),
            let secret = requiredString(f, "secret-pattern", node, "hive-kube", r),
            let role = requiredString(f, "role-pattern", node, "hive-kube", r)
        else {
            if (f["workflows"] == nil && f["workflows-dir"] == nil) || f["environments"] == nil {
                r.error(at: node, "hive-kube needs 'environments' and 'workflows' or 'workflows-dir'", rule: "config-schema")
            }
            return nil
        }
        if !secret.contains("{ENV}") { r.error(at: f["secret-pattern"]?.value, "secret-pattern must contain {ENV}", rule: "config-schema") }
        if !role.contains("{env}") { r.error(at: f["role-pattern"]?.value, "role-pattern must contain {env}", rule: "config-schema") }
        for env in envs {
            if let problem = Validate.roleNameProblem(role.replacingAll("{env}", with: env)) {
                r.error(at: f["role-pattern"]?.value, "role name for '\(env)' \(problem)", rule: "config-role-name")
            }
        }
        return HiveKubeConfig(repository: repo, workflowCount: count, environments: envs, secretPattern: secret, rolePattern: role, workflowsDir: dir)
    }
}
