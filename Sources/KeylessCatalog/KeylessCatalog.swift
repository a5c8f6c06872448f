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
        return LambdaSnippets(ref).all + IaCSnippets(ref).all + HiveKubeSnippets(ref).all + TrustPolicyExamples(ref).snippets
            + TroubleshootingCatalog.entries(ref).flatMap(\.snippets)
    }

    /// Runs `keyless check` over every snippet, exactly as users run it on their files.
    public func lint(_ snippets: [CheckedSnippet]) -> [Diagnostic] {
        let linter = Linter(pins: pins)
        return snippets.flatMap { linter.lint($0.text, path: $0.snippet.path).diagnostics }
    }

    /// The hive-kube page's audit and migrations, one role per environment.
    public func analyze(_ config: KeylessConfig) throws(DiagnosticError) -> CatalogAnalysis {
        let hive = config.hiveKube
        guard !hive.workflowFiles.isEmpty else { return CatalogAnalysis(hiveKube: nil) }
        let snippets = HiveKubeSnippets(Reference(config: config, pins: pins))
        let analysis = try RepositoryAnalysis.analyze(hive.workflowFiles, environments: hive.environments) { env in
            MigrateOptions(role: snippets.roleARN(env), sessionName: "hive-kube-\(env)-${{ github.run_id }}")
        }
        return CatalogAnalysis(hiveKube: analysis)
    }

    public func documents(for config: KeylessConfig, analysis: CatalogAnalysis, library: SnippetLibrary) throws(DiagnosticError) -> DocumentSet {
        let ref = Reference(config: config, pins: pins)
        let troubleshooting = TroubleshootingCatalog.entries(ref)
        var pages = [
            IndexPage.page(ref),
            try LambdaOIDCPage.page(ref, library),
            try TrustPolicyExamples(ref).page(library),
            try HiveKubePage.page(ref, library, analysis.hiveKube),
            TroubleshootingCatalog.indexPage(troubleshooting),
            RulesPage.page(library),
        ]
        for entry in troubleshooting {
            pages.append(try entry.page(library))
        }
        return DocumentSet(title: "Keyless: GitHub Actions to AWS without long-lived keys", pages: pages)
    }
}
