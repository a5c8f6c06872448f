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
        "environments", "pages", "examples", "inject",
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
        let account = required("account").flatMap { decodeAccount($0, r, placeholders: placeholders) }
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
        let roles = required("roles").flatMap { r.sequence($0, "roles") }?.compactMap { decodeRole($0, r, repositories: repositories, placeholders: placeholders) } ?? []
        let pages = f["pages"].map { decodePages($0.value, r, repositories: repositories, roles: roles) }
            ?? repositories.filter(\.hasWorkflows).map { PageConfig.migration(repository: $0.id) }
        // Without 'repositories' or 'roles' that key's own error says enough.
        let examples = f["repositories"] == nil || f["roles"] == nil ? nil
            : decodeExamples(f["examples"]?.value, root, r, repositories: repositories, roles: roles)
        checkEnvironmentRoles(f["repositories"]?.value, repositories, roles, r)
        checkUnique(repositories.map(\.id), f["repositories"]?.value, "repository", r)
        checkUnique(roles.map(\.id), f["roles"]?.value, "role", r)
        checkUnique(roles.map(\.name), f["roles"]?.value, "role name", r)
        checkUnique(environments.map(\.id), f["environments"]?.value, "environment", r)
        guard let organization, let account, let region, let provider, let examples else { return nil }
        var config = KeylessConfig(
            organization: organization, account: account, placeholders: placeholders, partition: partition,
            region: region, provider: provider, repositories: repositories, roles: roles, environments: environments,
            pages: pages, exampleRepository: examples.repository, exampleRole: examples.role)
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
        let keys = ["id", "name", "default-branch", "workflow", "job", "workflows-dir", "workflows", "environments",
                    "secret-pattern", "intro", "follows"]
        guard let f = r.fields(node, "a repository", allowed: keys) else { return nil }
        guard let id = id(f, node, "repository", r), let name = requiredString(f, "name", node, "repository", r) else { return nil }
        if !Validate.isRepositoryName(name) { r.error(at: f["name"]?.value, "repository name '\(name)' may hold only letters, digits, '.', '_' and '-'", rule: "config-name") }
        func optional(_ key: String) -> String? { f[key].flatMap { r.string($0.value, "repository \(key)") } }
        var repo = RepositoryConfig(
            id: id, name: name, defaultBranch: optional("default-branch") ?? "main", workflow: optional("workflow"),
            job: optional("job"), workflowsDir: optional("workflows-dir"),
            workflowCount: f["workflows"].flatMap { r.int($0.value, "workflows") },
            environments: f["environments"].flatMap { r.strings($0.value, "environments") } ?? [],
            secretPattern: optional("secret-pattern"), intro: optional("intro"), follows: optional("follows"))
        if let n = f["workflows-dir"]?.value, let dir = repo.workflowsDir {
            repo.workflowsDirLocation = r.location(n)
            if let problem = Validate.readPathProblem(dir) { r.error(at: n, "workflows-dir '\(dir)' \(problem)", rule: "config-path") }
        }
        if let secret = repo.secretPattern, !secret.contains("{ENV}") || !secret.hasSuffix("_KEY_ID") {
            r.error(at: f["secret-pattern"]?.value, "secret-pattern must contain {ENV} and end in _KEY_ID (the key secret is the same name ending in _KEY_SECRET)", rule: "config-schema")
        }
        if repo.workflow != nil, repo.job == nil { r.error(at: node, "repository '\(id)' names a 'workflow' but not the 'job' in it", rule: "config-schema") }
        return repo
    }

    /// Every environment a repository lists needs the role its jobs there assume.
    static func checkEnvironmentRoles(_ list: Node?, _ repositories: [RepositoryConfig], _ roles: [RoleConfig], _ r: YAMLReader) {
        let items: [Node] = { if case .sequence(let s)? = list { return Array(s) } else { return [] } }()
        // Each repository's admitted environments, gathered once: a guide can have a thousand of each.
        var admitted: [String: Set<String>] = [:]
        for role in roles {
            for case .environment(let env) in role.subjects { admitted[role.repository, default: []].insert(env) }
        }
        for (i, repo) in repositories.enumerated() {
            for env in repo.environments where admitted[repo.id]?.contains(env) != true {
                let at = items.indices.contains(i) ? items[i] : list
                r.error(at: at?["environments"] ?? at,
                        "repository '\(repo.id)' deploys to environment '\(env)', and no role with repository '\(repo.id)' admits 'environment:\(env)': add one under 'roles'",
                        rule: "config-reference")
            }
        }
    }

    static func decodeAccount(_ node: Node, _ r: YAMLReader, placeholders: [String]) -> AccountID? {
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

    /// `pages:` one mapping per page, `kind: lambda` or `kind: migration`, each naming what it is about.
    static func decodePages(_ node: Node, _ r: YAMLReader, repositories: [RepositoryConfig], roles: [RoleConfig]) -> [PageConfig] {
        guard let items = r.sequence(node, "pages") else { return [] }
        var pages: [PageConfig] = []
        func repository(_ f: YAMLReader.Fields, _ item: Node) -> RepositoryConfig? {
            guard let n = f["repository"], let id = r.string(n.value, "repository") else {
                r.error(at: item, "the page needs 'repository'", rule: "config-schema")
                return nil
            }
            guard let repo = repositories.first(where: { $0.id == id }) else {
                r.error(at: n.value, "page names repository '\(id)', which is not declared under 'repositories'", rule: "config-reference")
                return nil
            }
            return repo
        }
        func role(_ n: Node, of repo: RepositoryConfig) -> RoleConfig? {
            guard let id = r.string(n, "role") else { return nil }
            guard let role = roles.first(where: { $0.id == id }) else {
                r.error(at: n, "page names role '\(id)', which is not declared under 'roles'", rule: "config-reference")
                return nil
            }
            if role.repository != repo.id {
                r.error(at: n, "role '\(id)' belongs to repository '\(role.repository)', not '\(repo.id)'", rule: "config-reference")
            }
            return role
        }
        for item in items {
            guard let f = r.fields(item, "a page", allowed: ["kind", "repository", "role", "branch-roles"]) else { continue }
            guard let k = f["kind"], let kind = r.string(k.value, "kind") else {
                r.error(at: item, "the page needs 'kind' (lambda or migration)", rule: "config-schema")
                continue
            }
            switch kind {
            case "migration":
                guard let repo = repository(f, item) else { continue }
                if !repo.hasWorkflows {
                    r.error(at: item, "a migration page reads the repository's workflows: give repository '\(repo.id)' a 'workflows-dir' (or a 'workflows' count)", rule: "config-reference")
                }
                pages.append(.migration(repository: repo.id))
            case "lambda":
                guard let repo = repository(f, item) else { continue }
                guard let rn = f["role"] else {
                    r.error(at: item, "the lambda page needs 'role'", rule: "config-schema")
                    continue
                }
                guard let main = role(rn.value, of: repo) else { continue }
                if repo.workflow == nil || repo.job == nil {
                    r.error(at: item, "the lambda page is about one job: give repository '\(repo.id)' its 'workflow' and 'job'", rule: "config-reference")
                }
                if case .samLambda? = main.permissions {} else {
                    r.error(at: rn.value, "the lambda page's role '\(main.id)' needs 'permissions: {template: sam-lambda, resource-prefix: ...}'", rule: "config-reference")
                }
                var branch: [String] = []
                if let b = f["branch-roles"], let list = r.sequence(b.value, "branch-roles") {
                    if list.count != 2 { r.error(at: b.value, "branch-roles lists two roles: the default branch's, then every other ref's", rule: "config-schema") }
                    branch = list.compactMap { role($0, of: repo)?.id }
                }
                pages.append(.lambda(LambdaPageConfig(repository: repo.id, role: main.id, branchRoles: branch)))
            default:
                r.error(at: k.value, "page kind '\(kind)' must be lambda or migration", rule: "config-schema")
            }
        }
        if pages.filter({ if case .lambda = $0 { return true } else { return false } }).count > 1 {
            r.error(at: node, "at most one lambda page", rule: "config-schema")
        }
        return pages
    }

    /// `examples: {repository, role}`: what the troubleshooting and trust-policy pages show; by default the
    /// first repository and the first role. A guide needs one of each.
    static func decodeExamples(_ node: Node?, _ root: Node, _ r: YAMLReader, repositories: [RepositoryConfig], roles: [RoleConfig]) -> (repository: String, role: String)? {
        var repo = repositories.first?.id, role = roles.first?.id
        if let node, let f = r.fields(node, "examples", allowed: ["repository", "role"]) {
            if let n = f["repository"], let id = r.string(n.value, "repository") {
                if repositories.contains(where: { $0.id == id }) { repo = id } else {
                    r.error(at: n.value, "examples names repository '\(id)', which is not declared under 'repositories'", rule: "config-reference")
                }
            }
            if let n = f["role"], let id = r.string(n.value, "role") {
                if roles.contains(where: { $0.id == id }) { role = id } else {
                    r.error(at: n.value, "examples names role '\(id)', which is not declared under 'roles'", rule: "config-reference")
                }
            }
        }
        guard let repo, let role else {
            r.error(at: root, "the guide's examples need at least one repository and one role", rule: "config-schema")
            return nil
        }
        return (repo, role)
    }

    static func decodeEnvironment(_ node: Node, _ r: YAMLReader) -> EnvironmentConfig? {
        guard let f = r.fields(node, "an environment", allowed: ["id", "name", "branch"]) else { return nil }
        guard let id = id(f, node, "environment", r), let name = requiredString(f, "name", node, "environment", r),
            let branch = requiredString(f, "branch", node, "environment", r)
        else { return nil }
        return EnvironmentConfig(id: id, name: name, branch: branch)
    }

    static func decodeRole(_ node: Node, _ r: YAMLReader, repositories: [RepositoryConfig], placeholders: [String]) -> RoleConfig? {
        let keys = ["id", "name", "repository", "subjects", "session-name", "max-session-duration", "permissions", "account"]
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
        let permissions = f["permissions"].flatMap { decodePermissions($0.value, r) }
        let account = f["account"].flatMap { decodeAccount($0.value, r, placeholders: placeholders) }
        return RoleConfig(id: id, name: name, repository: repo, subjects: subjects, sessionName: session, maxSessionDuration: maxDuration,
                          permissions: permissions, account: account)
    }

    /// `permissions: {template: sam-lambda, resource-prefix: PREFIX}` or `permissions: {file: PATH}`.
    static func decodePermissions(_ node: Node, _ r: YAMLReader) -> PermissionsConfig? {
        guard let f = r.fields(node, "permissions", allowed: ["template", "resource-prefix", "file"]) else { return nil }
        switch (f["template"], f["file"]) {
        case (let t?, nil):
            guard let name = r.string(t.value, "template") else { return nil }
            guard name == "sam-lambda" else {
                r.error(at: t.value, "permissions template '\(name)' must be one of: \(PermissionsConfig.templates.joined(separator: ", "))", rule: "config-schema")
                return nil
            }
            guard let p = f["resource-prefix"], let prefix = r.string(p.value, "resource-prefix") else {
                r.error(at: node, "the sam-lambda template needs 'resource-prefix': the start of the stack, function and role names it may manage", rule: "config-schema")
                return nil
            }
            if prefix.isEmpty || !prefix.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) || !prefix.hasSuffix("-") {
                r.error(at: p.value, "resource-prefix '\(prefix)' must be letters, digits and hyphens, ending in '-'", rule: "config-schema")
            }
            return .samLambda(resourcePrefix: prefix)
        case (nil, let file?):
            guard let path = r.string(file.value, "file") else { return nil }
            if let problem = Validate.readPathProblem(path) { r.error(at: file.value, "permissions file '\(path)' \(problem)", rule: "config-path") }
            return .file(path: path, location: r.location(file.value), document: nil)
        default:
            r.error(at: node, "permissions needs exactly one of 'template' or 'file'", rule: "config-schema")
            return nil
        }
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
}
