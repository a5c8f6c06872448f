import Foundation
import KeylessCore
import KeylessModel

/// "hive-kube migration reference": the seed's status analysis and a plan per environment.
enum HiveKubePage {
    static func page(_ ref: Reference, _ lib: SnippetLibrary) throws(DiagnosticError) -> Page {
        let hive = ref.config.hiveKube
        let snippets = HiveKubeSnippets(ref)
        let envs = hive.environments
        var plan: [Section] = []
        for env in envs {
            plan.append(Section(id: "plan-\(env)", title: env, blocks: Prose.blocks("""
                Role `\(snippets.roleName(env))`, assumed only by jobs that declare `environment: \(env)`. \
                Protect the `\(env)` environment in the repository settings (required reviewers, deployment \
                branches), because the trust policy admits whatever job reaches it.
                """) + [try lib.block("trust-hive-kube-\(env)"), try lib.block("hive-kube-\(env)-workflow")] + Prose.blocks("""
                Then delete the secrets `\(snippets.secret(env, suffix: "_KEY_ID"))` and \
                `\(snippets.secret(env, suffix: "_KEY_SECRET"))`, and the IAM user's access key.
                """)))
        }
        return Page(
            id: "hive-kube-migration", title: "hive-kube migration reference",
            summary: "Where hive-kube's deployment workflows stand and how to move each environment to OIDC.",
            intro: Prose.blocks("""
                An analysis on 2025-11-12 read \(hive.workflowCount) workflows of `\(ref.org)/\(hive.repository)` \
                across \(envs.count) environments (\(envs.map { "`\($0)-*`" }.joined(separator: ", "))). \
                Every one signs in to AWS with a long-lived access key. This page is the plan to change that, \
                one environment at a time.
                """),
            sections: [
                Section(id: "status", title: "Status", blocks: [
                    .table(Table(header: [["Environment"], ["Key secrets"], ["Authentication"]], rows: envs.map { env in
                        [[.code("\(env)-*")], [.code(snippets.secret(env, suffix: "_KEY_ID"))], ["long-lived keys"]]
                    }))
                ]),
                Section(id: "old-pattern", title: "The pattern in every workflow", blocks: [try lib.block("hive-kube-keys-step")] + Prose.blocks("""
                    The same step with the environment's name in the secrets. The key belongs to an IAM user, \
                    never expires, and works from anywhere.
                    """)),
                Section(id: "missing", title: "What is missing", blocks: Prose.blocks("""
                    1. **`id-token: write`.** No workflow grants it; only package-release workflows set \
                    `permissions`, with `contents: write`. Without it the job cannot request a token.
                    2. **`role-to-assume`.** Every credentials step passes `aws-access-key-id` and \
                    `aws-secret-access-key`; no role ARN is configured anywhere.
                    3. **The OIDC provider and roles.** The AWS account needs the GitHub identity provider and \
                    one role per environment, with a trust policy per role. The repository cannot show whether \
                    they exist: check IAM.
                    """)),
                Section(id: "plan", title: "Plan per environment", blocks: Prose.blocks("""
                    Migrate `testing` first and `production` last. For each environment: create the role, \
                    change that environment's workflows, run one, then remove the keys.
                    """), subsections: plan),
                Section(id: "lessons", title: "What python-sdk's migration gives hive-kube", blocks: Prose.blocks("""
                    The python-sdk Lambda tests move first (see [OIDC for the Lambda tests](page:lambda-oidc)). \
                    hive-kube then reuses working examples, the trust-policy patterns, and the \
                    [troubleshooting](page:troubleshooting) entries collected on the way.
                    """)),
            ])
    }
}
