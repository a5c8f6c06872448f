import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessAudit
import KeylessLint
import KeylessModel

/// The reference content: every snippet and page of the guide, built from the configuration.
public struct KeylessCatalog: ContentCatalog {
    public init() {}

    public var pins: ActionPins { ActionPinTable.table }

    public func snippets(for config: KeylessConfig) -> [Snippet] {
        let ref = Reference(config: config, pins: pins)
        return RoleSnippets(ref).all + (LambdaSnippets(ref)?.all ?? []) + IaCSnippets(ref).all
            + config.migrationRepositories.flatMap { RepositorySnippets(ref, $0).all } + TrustPolicyExamples(ref).snippets
            + TroubleshootingCatalog.entries(ref).flatMap(\.snippets)
    }

    /// Runs `keyless check` over every snippet, exactly as users run it on their files.
    public func lint(_ snippets: [CheckedSnippet]) -> [Diagnostic] {
        let linter = Linter(pins: pins)
        return snippets.flatMap { linter.lint($0.text, path: $0.snippet.path).diagnostics }
    }

    /// Each migration page's audit, claims and migrations: a workflow moves to the role of its environment,
    /// or, when its jobs declare none, to the repository's role for refs.
    public func analyze(_ config: KeylessConfig) throws(DiagnosticError) -> CatalogAnalysis {
        var result = CatalogAnalysis()
        for repo in config.migrationRepositories where !repo.workflowFiles.isEmpty {
            result.repositories[repo.id] = try RepositoryAnalysis.analyze(
                repo.workflowFiles, environments: repo.environments, repository: RepositoryName(owner: config.organization, name: repo.name),
                defaultBranch: repo.defaultBranch
            ) { env in
                let role = env.flatMap { config.role(of: repo.id, environment: $0) } ?? (env == nil ? config.refRole(of: repo.id) : nil)
                return role.map { MigrateOptions(role: config.roleARN($0).description, sessionName: $0.sessionName) }
            }
        }
        return result
    }

    public func documents(for config: KeylessConfig, analysis: CatalogAnalysis, library: SnippetLibrary) throws(DiagnosticError) -> DocumentSet {
        let ref = Reference(config: config, pins: pins)
        let troubleshooting = TroubleshootingCatalog.entries(ref)
        var pages = [IndexPage.page(ref)]
        if let lambda = LambdaSnippets(ref) { pages.append(try LambdaOIDCPage.page(ref, library, lambda)) }
        pages.append(try TrustPolicyExamples(ref).page(library))
        for repo in config.migrationRepositories {
            pages.append(try MigrationPage(ref: ref, lib: library, repo: repo).page(analysis.repositories[repo.id]))
        }
        pages += [TroubleshootingCatalog.indexPage(troubleshooting), RulesPage.page(library)]
        for entry in troubleshooting {
            pages.append(try entry.page(library))
        }
        return DocumentSet(title: "Keyless: GitHub Actions to AWS without long-lived keys", pages: pages)
    }
}
