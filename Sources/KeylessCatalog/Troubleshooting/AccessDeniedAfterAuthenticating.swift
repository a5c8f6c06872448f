import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func accessDeniedAfterAuthenticating(_ ref: Reference) -> FailureMode {
        let lambdaDoc = Link("AWS Lambda: troubleshooting identity and access (I am not authorized to perform iam:PassRole)",
                             "https://docs.aws.amazon.com/lambda/latest/dg/security_iam_troubleshoot.html")
        let passRole = Link("IAM: grant a user permissions to pass a role to an AWS service",
                            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html")
        let cfnRole = Link("AWS CloudFormation: service role", "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html")
        let samIssue = Link("aws/serverless-application-model issue #448", "https://github.com/aws/serverless-application-model/issues/448")
        return FailureMode(
            entry: TroubleshootingEntry(
                id: "access-denied-after-authenticating", title: "Authenticated, then AccessDenied in a deploy step",
                symptomGroup: "is not authorized to perform: iam:PassRole",
                symptoms: [],
                cause: Prose.blocks("""
                    The credentials step succeeded (`Authenticated as assumedRoleId …`): OIDC and the trust policy \
                    work. The refusal comes later, from the role's *permissions* policy, which lacks an action the \
                    deploy needs. With CloudFormation and SAM the usual one is `iam:PassRole`: creating or updating \
                    a Lambda function (directly, or through a stack without a service role) hands the function's \
                    execution role to Lambda, and the caller must be allowed to pass that role. A stack that \
                    creates roles needs `iam:CreateRole` and friends as well, and CloudFormation reports them as \
                    the failing resource's status reason.
                    """),
                confirm: Prose.blocks("""
                    The message names the assumed role (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`), the \
                    action and the resource. `aws cloudformation describe-stack-events --stack-name STACK` shows the \
                    same text as the `ResourceStatusReason` of the failed resource. CloudTrail has the call with \
                    `errorCode` `AccessDenied` under the role's session.
                    """),
                fix: Prose.blocks("""
                    Add the named action, scoped to the named resource, to the role's permissions policy: for \
                    `iam:PassRole`, the execution role's ARN, with the condition `iam:PassedToService` = \
                    `lambda.amazonaws.com` (or `cloudformation.amazonaws.com` when you pass a stack service role). \
                    Do not widen the trust policy: it is not involved.\(ref.config.lambdaPage == nil ? "" : " The permissions this guide's Lambda job needs are on [\(LambdaOIDCPage.title)](page:\(LambdaOIDCPage.id)).")
                    """),
                rule: nil,
                sources: [lambdaDoc, passRole, cfnRole, samIssue]),
            symptoms: [
                .quoted(LogLine("User: arn:aws:iam::123456789012:user/marymajor is not authorized to perform: iam:PassRole",
                                printedBy: "AWS, as the message of the refused call (AWS's documentation example; from a GitHub job the user is the assumed role's session, `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`)",
                                source: lambdaDoc),
                        versions: "any configure-aws-credentials version: the refusal comes from the permissions policy, after the action succeeded"),
                .quoted(LogLine("API: iam:CreateRole User: arn:aws:sts::AccountId:assumed-role/CodeStarWorker-test-CloudFormation/AWSCloudFormation is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::AccountId:role/awscodestar-test-lambda-helloWorldRole-V5QUHYDCDRBA",
                                printedBy: "AWS CloudFormation, as the status reason of a SAM function's role when the deploying role may not create roles", source: samIssue),
                        versions: "any configure-aws-credentials version (a CloudFormation message)"),
            ],
            prevent: Prose.blocks("""
                No static rule can tell which calls a deploy makes. IAM Access Analyzer's policy generation from \
                CloudTrail lists the actions a successful run used; keep the role's policy to those.
                """))
    }
}
