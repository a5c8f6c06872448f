import Foundation
import KeylessCatalog
import KeylessDocs
import KeylessGenerator
import KeylessModel
import KeylessSyntax
import KeylessTestSupport
import Testing

/// Issue 13: the catalog is a function of the configuration. A configuration of another organisation,
/// with roles in two accounts, a role whose permissions are a policy file and no Lambda page, gives a
/// guide about that organisation only; ids the pages need and the configuration lacks are errors.
@Suite struct AnyOrganizationTests {
    static let config = """
        organization: contoso-labs
        account: "111111111111"
        region: eu-central-1
        provider:
          url: https://token.actions.contoso.ghe.com
          audiences: [sts.amazonaws.com]
        repositories:
          - id: billing
            name: billing-service
            default-branch: trunk
        roles:
          - id: billing-ci
            name: contoso-billing-ci
            repository: billing
            subjects: ["branch:trunk", "pull_request"]
            session-name: billing-ci
            permissions: {file: policies/billing-ci.json}
          - id: billing-prod
            name: contoso-billing-prod
            repository: billing
            subjects: ["environment:prod"]
            session-name: billing-prod
            account: "222222222222"

        """

    static let policy = """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::contoso-billing/*"}]}

        """

    func generate(_ text: String = config) throws -> Generator.Output {
        let dir = try TestPaths.tempDir("contoso")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("policies"), withIntermediateDirectories: true)
        try Self.policy.write(to: dir.appendingPathComponent("policies/billing-ci.json"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("keyless.yml")
        try text.write(to: path, atomically: true, encoding: .utf8)
        let generator = Generator(catalog: KeylessCatalog(), renderers: [MarkdownRenderer(), RSTRenderer(), HTMLRenderer(), MkDocsRenderer()])
        return try generator.generate(try ConfigLoader.load(path.path))
    }

    @Test func theGuideIsAboutTheConfiguredOrganisationOnly() throws {
        let out = try generate()
        let paths = Set(out.files.map(\.path))
        #expect(!paths.contains("docs/md/lambda-oidc.md"), "no Lambda page was asked for")
        #expect(!paths.contains { $0.contains("migration") }, "no repository has workflows")
        for f in out.files {
            let text = f.contents.lowercased()
            for name in ["honeyhive", "hive-kube", "python-sdk"] { #expect(!text.contains(name), "\(f.path) names \(name)") }
        }
        let trust = try #require(out.files.first { $0.path == "Snippets/iam/trust/contoso-billing-ci.json" }?.contents)
        #expect(trust.contains("repo:contoso-labs/billing-service:ref:refs/heads/trunk") && trust.contains("repo:contoso-labs/billing-service:pull_request"))
        // GHE.com: the condition keys and the provider are the tenant's issuer host.
        #expect(trust.contains("token.actions.contoso.ghe.com:sub") && trust.contains("arn:aws:iam::111111111111:oidc-provider/token.actions.contoso.ghe.com"))
    }

    @Test func eachAccountHasItsProviderAndItsIaCFiles() throws {
        let out = try generate()
        let prod = try #require(out.files.first { $0.path == "Snippets/iam/trust/contoso-billing-prod.json" }?.contents)
        #expect(prod.contains("arn:aws:iam::222222222222:oidc-provider/token.actions.contoso.ghe.com"), "\(prod)")
        let main = try #require(out.files.first { $0.path == "Snippets/iac/terraform/github-oidc.tf" }?.contents)
        let other = try #require(out.files.first { $0.path == "Snippets/iac/terraform/github-oidc-222222222222.tf" }?.contents)
        #expect(main.contains("contoso-billing-ci") && !main.contains("contoso-billing-prod"))
        #expect(other.contains("contoso-billing-prod") && !other.contains("contoso-billing-ci"))
        for path in ["Snippets/iac/cli/setup-github-oidc-222222222222.sh", "Snippets/iac/cloudformation/github-oidc-222222222222.yml"] {
            #expect(out.files.contains { $0.path == path }, "\(path)")
        }
        // The policy file is the ci role's inline policy in every form.
        #expect(main.contains("contoso-billing/*"))
        let page = try #require(out.files.first { $0.path == "docs/md/trust-policies.md" }?.contents)
        #expect(page.contains("## Account 111111111111") && page.contains("## Account 222222222222") || page.contains("### Account 222222222222"), "\(page.prefix(400))")
    }

    @Test func aPageThatNeedsAMissingIdIsAConfigurationError() throws {
        let bad = Self.config + """
            pages:
              - kind: lambda
                repository: billing
                role: billing-deploy

            """
        do {
            _ = try generate(bad)
            Issue.record("generated a Lambda page for an undeclared role")
        } catch let error as DiagnosticError {
            let text = error.diagnostics.map(\.description).joined(separator: "\n")
            #expect(text.contains("keyless.yml:27:11: error: page names role 'billing-deploy', which is not declared under 'roles' [config-reference]"), "\(text)")
        }
    }

    @Test func anUnreadablePolicyFileIsReportedAtItsLine() throws {
        let bad = Self.config.replacingOccurrences(of: "policies/billing-ci.json", with: "policies/missing.json")
        do {
            _ = try generate(bad)
            Issue.record("loaded a configuration whose policy file is missing")
        } catch let error as DiagnosticError {
            let text = error.diagnostics.map(\.description).joined(separator: "\n")
            #expect(text.contains("keyless.yml:17:25: error: permissions file 'policies/missing.json' cannot be read next to the configuration [config-path]"), "\(text)")
        }
    }
}
