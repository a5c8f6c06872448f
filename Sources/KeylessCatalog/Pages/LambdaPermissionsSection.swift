import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

/// "Attach the permissions policy" of the Lambda page: the status analysis's policy, the reference
/// policy, and what is known about it by running (Tests/KeylessPolicyProofTests) and by reading.
extension LambdaOIDCPage {
    static func permissionsSection(_ ref: Reference, _ lib: SnippetLibrary, prefix: String) throws(DiagnosticError) -> Section {
        let p = PolicyProof.self
        let commands = p.commands(prefix: prefix).map { "`\($0)`" }.joined(separator: ", ")
        return Section(id: "permissions", title: "Attach the permissions policy", blocks: Prose.blocks("""
            The job runs \(commands). The status analysis of 2025-11-12 proposed this permissions policy:
            """) + [
            try lib.block("permissions-seed"),
            .paragraph([
                "It cannot run the job. With the real ", .code("sam"), " against moto (see below), ",
                .code("sam deploy"), " stops when it creates the stack ", .code("aws-sam-cli-managed-default"),
                " that holds SAM's artifact bucket: ", .code("…\(p.statusAnalysisFailure)"),
                ". Besides what it lacks, it grants more than it means to:",
            ]),
            .table(Table(header: [["Problem"], ["Why it matters"], ["Fix"]], rows: [
                [["No rights on ", .code("aws-sam-cli-managed-default"), " and its bucket"],
                 [.code("sam deploy"), " with ", .code("resolve_s3"), " describes that stack, creates it the first time in an account and Region, and uploads the code and template to its bucket."],
                 ["Statements ", .code("SamManagedStack"), ", ", .code("SamManagedBucketSetup"), ", ", .code("SamArtifactBucket"), " and ", .code("SamArtifactObjects"), "."]],
                [["No ", .code("cloudformation:CreateChangeSet"), " on the Serverless transform"],
                 ["A change set of a template with ", .code("Transform: AWS::Serverless-2016-10-31"), " is authorized on the transform too."],
                 [.code("SamServerlessTransform"), "."]],
                [["No ", .code("iam:TagRole"), " or ", .code("lambda:TagResource")],
                 ["SAM tags the function and the role it generates with ", .code("lambda:createdBy=SAM"), "; CloudFormation tags them with the job's credentials."],
                 ["Both, on the function and role ARNs."]],
                [["No ", .code("cloudformation:GetTemplate"), " or ", .code("s3:DeleteObject")],
                 [.code("sam delete"), " reads the template to find the artifacts and deletes them before the stack."],
                 ["Both, on the stack and the artifact objects."]],
                [[.code("lambda:PublishLayerVersion"), ", ", .code("lambda:DeleteLayerVersion"), " on a ", .code("function:"), " ARN"],
                 ["Layer actions apply to ", .code("layer:"), " ARNs; on a function ARN they never match."],
                 ["Removed: the job's template has no layer."]],
                [[.code("cloudformation:*")], ["Grants every stack action, including policy and termination-protection changes."], ["The seven actions SAM calls."]],
                [[.code("s3:*"), " on ", .code("aws-sam-cli-managed-*")], ["Object actions need ", .code("bucket/*"), "; ", .code("*"), " grants deleting the bucket."], ["Bucket and object statements with the actions SAM and CloudFormation call."]],
                [["ECR actions"], ["A zip-packaged function pulls no image; pushing one would need other actions."], ["Removed."]],
                [[.code("*"), " as the account in ARNs"], ["Matches the same names in every account."], ["The account id."]],
                [[.code("iam:PassRole"), " and ", .code("iam:AttachRolePolicy"), " without a condition"],
                 ["The job could create a role with any policy and pass it to any service."],
                 [.code("iam:PassedToService"), " is Lambda; ", .code("iam:PolicyARN"), " is ", .code("AWSLambdaBasicExecutionRole"), "."]],
            ])),
            .paragraph(["The reference policy:"]),
            try lib.block("permissions-lambda"),
        ] + Prose.blocks("""
            `parliament` reports the defects of the status analysis's policy. On the reference policy it reports \
            one finding, which is wrong: `Invalid ARN` for `arn:aws:cloudformation:\(ref.region):aws:transform/Serverless-2016-10-31`, \
            whose account field is `aws` as [AWS documents it](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-template.html); \
            the tests accept exactly that finding. The action and resource pairs follow the Service Authorization \
            Reference for [CloudFormation](https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudformation.html), \
            [Lambda](https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html), \
            [IAM](https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html) \
            and [S3](https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html).
            """), subsections: [proven(ref, prefix: prefix), read(ref)])
    }

    static func proven(_ ref: Reference, prefix: String) -> Section {
        let p = PolicyProof.self
        let rows: [[[Inline]]] = p.calls(region: ref.region, prefix: prefix).map { c in
            [[.code(c.command)], [.code(c.action)], [.code(c.resource)], [.text(c.check.rawValue)]]
        }
        let counterRows: [[[Inline]]] = p.counters.map { c in
            [[.code(c.action), " (", .code(c.statement), ")"], [.code(c.failingStep)],
             [.code("…" + c.message)] + (c.inStackEvents ? [" (in the stack's events)"] : [])]
        }
        return Section(id: "permissions-proven", title: "Proven by running", blocks: Prose.blocks("""
            `Tests/KeylessPolicyProofTests` runs the job's commands with the real SAM CLI (aws-sam-cli \(p.samVersion)) \
            and the machine's `aws` CLI against moto_server \(p.motoVersion) on 127.0.0.1 with IAM enforcement \
            (`INITIAL_NO_AUTH_ACTION_COUNT`, [moto: IAM-like access control](https://docs.getmoto.org/en/latest/docs/iam.html)). \
            An admin creates the role with exactly the generated policy above (the account id in place of \
            `ACCOUNT_ID`); every command runs with that role's credentials from `sts:AssumeRole`. The template \
            is the job's shape: one Python 3.11 function named `\(p.function(prefix: prefix))` in a stack of the same name, \
            deployed with `resolve_s3`. The repository's own Lambda test template and \
            `samconfig.toml` are not in the repository snapshot this guide reads, so a template with more \
            resources (a layer, an API, an image) needs what they need too.

            All four commands succeed, the function exists between deploy and delete and is gone after, and \
            the server refuses nothing. Each authorization below was decided in the run and the test asserts it:
            """) + [
            .table(Table(header: [["Command"], ["Action"], ["Resource"], ["Checked by"]], rows: rows)),
            .paragraph(["The artifact calls are checked by moto itself: ",
                        .code("sam deploy"), " calls HeadObject and PutObject (", .code("s3:GetObject"), ", ", .code("s3:PutObject"), "); ",
                        .code("sam delete"), " calls ListObjectsV2 and DeleteObject (", .code("s3:ListBucket"), ", ", .code("s3:DeleteObject"), ")."]),
            .paragraph(["With one action removed from the policy, the run fails where that action is needed, with AWS's AccessDenied for it:"]),
            .table(Table(header: [["Removed"], ["Fails at"], ["Message"]], rows: counterRows)),
            .paragraph(["Run the same way, the status analysis's policy fails as quoted above. Run the tests with ", .code("swift test --filter KeylessPolicyProofTests"),
                        " after ", .code("scripts/bootstrap.sh"), " (it installs the SAM CLI into ", .code(".venv-sam"), ")."]),
        ])
    }

    static func read(_ ref: Reference) -> Section {
        let p = PolicyProof.self
        return Section(id: "permissions-read", title: "Read, not run", blocks: Prose.blocks("""
            moto does not do everything AWS does. Where it does not, the test's launcher \
            (`Tests/KeylessPolicyProofTests/Fixtures/moto_proof_server.py`) does it from a source, and that part \
            is read, not observed:

            - **Resource-level checks.** moto \(p.motoVersion) evaluates CloudFormation and Lambda requests against \
            the resource `*`, so no statement scoped to an ARN would ever match. The launcher evaluates each \
            request with moto's evaluator on the ARN the Service Authorization Reference gives for it, and uses \
            IAM's action names (`lambda:InvokeFunction`, not the operation name `Invoke`).
            - **The Serverless transform.** moto ignores `Transform:` and drops `AWS::Serverless::*` resources. The \
            launcher expands the template with aws-sam-translator (the pinned SAM CLI's dependency, the library \
            behind the transform) and, as CloudFormation does, also authorizes `CreateChangeSet` on \
            `arn:aws:cloudformation:\(ref.region):aws:transform/Serverless-2016-10-31` \
            ([AWS CloudFormation: controlling access with IAM](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-template.html); \
            [AWS SAM: managing permissions with CloudFormation](https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-permissions-cloudformation.html)).
            - **CloudFormation's calls with the job's credentials.** Without a service role, CloudFormation \
            creates and deletes each resource with the credentials of whoever executes the change set or deletes \
            the stack; moto creates resources without asking IAM. The launcher checks, after each change set and \
            before each delete, the handler actions of every resource on its real ARN. Which actions a handler \
            calls is read from the resource schemas' `handlers` permissions \
            ([resource type schema](https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html)) \
            as bundled with cfn-lint \(p.cfnLintVersion); the launcher refuses to start if it lists an action \
            that the schema does not. The schemas also list actions for properties the job's template does not \
            set (VPC, KMS, layers, concurrency, inline role policies, object versions); those are not granted.
            - **Conditions.** moto evaluates only `StringEquals`, so `iam:PassedToService` is checked and the \
            `ArnEquals` on `iam:PolicyARN` is not: that it limits `iam:AttachRolePolicy` to \
            `AWSLambdaBasicExecutionRole` is read from the [IAM condition keys](https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html).
            - **The OIDC exchange** is not part of this test (moto does not check trust conditions); the role is \
            assumed with `sts:AssumeRole`.

            What SAM calls, read in its source at v\(p.samVersion): the managed stack and its bucket \
            ([`samcli/lib/bootstrap/bootstrap.py`](\(p.samSource("samcli/lib/bootstrap/bootstrap.py"))), \
            [`samcli/lib/utils/managed_cloudformation_stack.py`](\(p.samSource("samcli/lib/utils/managed_cloudformation_stack.py")))), \
            the stack of a Lambda Web Function's code, which `sam deploy` looks for and this template does not \
            create ([`samcli/lib/bootstrap/web_function_code_bucket.py`](\(p.samSource("samcli/lib/bootstrap/web_function_code_bucket.py")))), \
            and the deletion ([`samcli/commands/delete/delete_context.py`](\(p.samSource("samcli/commands/delete/delete_context.py"))), \
            [`samcli/lib/delete/cfn_utils.py`](\(p.samSource("samcli/lib/delete/cfn_utils.py"))), \
            [`samcli/lib/package/s3_uploader.py`](\(p.samSource("samcli/lib/package/s3_uploader.py")))).

            Once the managed stack exists in the account and Region (the first `sam deploy --guided` creates \
            it), `SamManagedBucketSetup` and the create actions of `SamManagedStack` are used no more; only \
            `cloudformation:DescribeStacks` on it is. Remove them then if the role should never create it.
            """))
    }
}
