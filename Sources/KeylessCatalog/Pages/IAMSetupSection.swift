import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

/// The OIDC flow diagram and the whole IAM setup four ways (Console, CLI, Terraform, CloudFormation),
/// all from the same `IAMSetup`.
enum IAMSetupSection {
    /// Workflow → GitHub token → STS → provider and trust check → credentials → AWS calls.
    static func flow(_ ref: Reference) -> SequenceDiagram {
        let repo = ref.exampleRepository
        let sub = SubjectClaim(repository: ref.repoName(repo.name), context: .branch(repo.defaultBranch)).description
        return SequenceDiagram(
            title: "How a workflow job gets AWS credentials with OIDC",
            participants: [
                .init("Job", "Workflow job"), .init("GitHub", "GitHub OIDC provider"), .init("STS", "AWS STS"),
                .init("IAM", "IAM provider and role"), .init("AWS", "AWS services"),
            ],
            messages: [
                .init("Job", "GitHub", "request an ID token (id-token: write)"),
                .init("GitHub", "Job", "signed JWT, sub \(sub)", .reply),
                .init("Job", "STS", "AssumeRoleWithWebIdentity(role ARN, JWT)"),
                .init("STS", "IAM", "check issuer, signature and audience"),
                .init("STS", "IAM", "evaluate the role's trust policy (sub, aud)"),
                .init("IAM", "STS", "allowed", .reply),
                .init("STS", "Job", "temporary credentials (1 hour)", .reply),
                .init("Job", "AWS", "AWS calls with the temporary credentials"),
            ])
    }

    static func flowSection(_ ref: Reference) -> Section {
        Section(id: "flow", title: "How the OIDC flow works", blocks: Prose.blocks("""
            No AWS secret is stored anywhere. Each run, the job asks GitHub for a signed token that names \
            the repository and ref, and trades it at AWS STS for credentials of one role:
            """) + [.diagram(SequenceDiagramRenderer.diagram(flow(ref), id: "oidc-flow"))] + Prose.blocks("""
            STS refuses the token unless an IAM OIDC provider for `\(ref.config.provider.url)` exists in the \
            account, the audience is one of the provider's, and the role's trust policy admits the token's `sub`.
            """))
    }

    /// The console steps, numbered, one group per resource.
    static func consoleSteps(_ setup: IAMSetup) -> [Block] {
        var items: [[Block]] = [
            Prose.blocks("""
                In the IAM console choose *Identity providers*, *Add provider*, *OpenID Connect*. Enter the \
                provider URL `\(setup.provider.url)` and the audience `\(setup.provider.audiences.joined(separator: "`, `"))`, \
                then *Add provider*. Skip this step if the provider already exists: there is one per account.
                """)
        ]
        for role in setup.roles {
            let policies = role.permissionPolicies.map { "`\($0.name)`" }.joined(separator: ", ")
            items.append(Prose.blocks("""
                Choose *Roles*, *Create role*, *Web identity*; pick the provider `\(setup.provider.host)` and the \
                audience `\(setup.provider.audiences.first ?? "")`, then *Next* without attaching a managed policy. \
                Name the role `\(role.name)`, then *Create role*.
                """))
            items.append(Prose.blocks("""
                Open `\(role.name)`, *Trust relationships*, *Edit trust policy*, and replace the document with \
                the trust policy of `\(role.name)` shown on this page. \
                Under *Summary*, *Edit*, set the maximum session duration to \(role.maxSessionDuration / 3600) hour(s).
                """))
            items.append(Prose.blocks(role.permissionPolicies.isEmpty ? """
                On the *Permissions* tab attach what the role's jobs need: the configuration gives no policy \
                for `\(role.name)`, so start from what the IAM user's policy grants today and narrow it.
                """ : """
                On the *Permissions* tab choose *Add permissions*, *Create inline policy*, *JSON*, paste the \
                role's permissions policy (in the code tabs), and name it \(policies).
                """))
        }
        return [.list(ordered: true, items: items)]
    }

    static func section(_ ref: Reference, _ lib: SnippetLibrary) throws(DiagnosticError) -> Section {
        let iac = IaCSnippets(ref)
        let accounts = ref.config.accounts
        let roles = iac.setup.roles.map { "`\($0.name)`" }.joined(separator: ", ")
        let intro = Prose.blocks("""
            The provider, the roles \(roles) and their inline policy, four ways. Each file below is generated \
            from the same model as the policies above and parsed back before it is shown; the CLI script has \
            run against an AWS IAM API (moto) twice with the same result, and the template passes `cfn-lint`.
            """)
        guard accounts.count > 1 else {
            return Section(id: "iam-setup", title: "The IAM setup as code", blocks: intro + [try tabs(iac.setup, IaCSnippets.ids(""), lib)])
        }
        // Several accounts: each has its own provider, roles and files.
        var subsections: [Section] = []
        for account in accounts {
            let setup = iac.setup(for: account)
            subsections.append(Section(id: "iam-setup-\(Validate.slug(account.description))", title: "Account \(account)", blocks: Prose.blocks("""
                The provider and the roles \(setup.roles.map { "`\($0.name)`" }.joined(separator: ", ")) of account `\(account)`:
                """) + [try tabs(setup, IaCSnippets.ids(iac.suffix(account)), lib)]))
        }
        return Section(id: "iam-setup", title: "The IAM setup as code", blocks: Prose.blocks("""
            The roles live in \(accounts.count) accounts; each account needs its own OIDC provider, and each role's \
            trust policy names the provider of its own account. Each file below is generated from the same model \
            as the policies above and parsed back before it is shown.
            """), subsections: subsections)
    }

    /// Console, CLI, Terraform and CloudFormation for one account's setup.
    static func tabs(_ setup: IAMSetup, _ ids: (terraform: String, cloudFormation: String, cli: String), _ lib: SnippetLibrary) throws(DiagnosticError) -> Block {
            .tabs([
                Tab("Console", consoleSteps(setup)),
                Tab("AWS CLI", Prose.blocks("""
                    Run with credentials that may manage IAM (`AWS_PROFILE`, `AWS_REGION`, `AWS_ENDPOINT_URL` and \
                    the other usual variables apply). It creates what is missing and updates what exists, so it \
                    is safe to run again:
                    """) + [try lib.block(ids.cli)]),
                Tab("Terraform", Prose.blocks("""
                    Apply with your account id, for example `terraform apply -var account_id=111122223333`. \
                    The organisation and repository are variables with the guide's values as defaults:
                    """) + [try lib.block(ids.terraform)]),
                Tab("CloudFormation", Prose.blocks("""
                    Deploy with `aws cloudformation deploy --template-file github-oidc.yml --stack-name github-oidc \
                    --capabilities CAPABILITY_NAMED_IAM`. Leave out `GitHubOIDCProvider` if the account already \
                    has the provider, and use its ARN in the trust policies instead:
                    """) + [try lib.block(ids.cloudFormation)]),
            ])
    }
}
