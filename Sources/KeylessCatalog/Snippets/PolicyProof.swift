/// What Tests/KeylessPolicyProofTests proves about the Lambda permissions policy by running the real
/// `sam` against moto, and what it only reads. The page renders these lists and the test asserts
/// every `Call` of them in the server's log, so the two cannot drift apart.
public enum PolicyProof {
    /// Who decided an authorization in the run.
    public enum Check: String, Sendable, CaseIterable {
        /// moto's own IAM enforcement (S3 on real ARNs).
        case moto = "moto"
        /// moto's enforcement, evaluated on the request's real ARN by the test's launcher.
        case resource = "moto's evaluator, on the ARN"
        /// CloudFormation's call with the job's credentials, emulated by the launcher from the resource schema.
        case cloudFormation = "as CloudFormation's call (actions from the schema)"
    }

    public struct Call: Sendable {
        public let command: String
        public let action: String
        /// The resource as the run saw it; `…` stands for a generated suffix, `ACCOUNT_ID` for the account.
        public let resource: String
        public let check: Check
    }

    public static let samVersion = "1.170.0"
    public static let motoVersion = "5.2.5"
    public static let cfnLintVersion = "1.58.0"
    /// The stack and function the job deploys: named after the role's `resource-prefix`, which its
    /// permissions policy is scoped to.
    public static func stack(prefix: String) -> String { "\(prefix)lambda-test" }
    public static func function(prefix: String) -> String { "\(prefix)lambda-test" }
    /// The job's commands, in the order it runs them.
    public static func commands(prefix: String) -> [String] {
        let function = function(prefix: prefix)
        return [
        "sam build",
        "sam deploy --no-confirm-changeset --no-fail-on-empty-changeset",
        "aws lambda invoke --function-name \(function) response.json",
        "sam delete --no-prompts",
        ]
    }

    /// Each authorization the run makes, as the server logged it (the test asserts each one).
    public static func calls(region r: String, prefix: String) -> [Call] {
        let stack = stack(prefix: prefix), function = function(prefix: prefix)
        let stackArn = "arn:aws:cloudformation:\(r):ACCOUNT_ID:stack/\(stack)/…"
        let managed = "arn:aws:cloudformation:\(r):ACCOUNT_ID:stack/aws-sam-cli-managed-default/…"
        let bucket = "arn:aws:s3:::aws-sam-cli-managed-default-samclisourcebucket-…"
        let fn = "arn:aws:lambda:\(r):ACCOUNT_ID:function:\(function)"
        let role = "arn:aws:iam::ACCOUNT_ID:role/\(stack)-…"
        let deploy = "sam deploy", delete = "sam delete"
        return [
            Call(command: deploy, action: "cloudformation:DescribeStacks", resource: managed, check: .resource),
            Call(command: deploy, action: "cloudformation:CreateChangeSet", resource: managed, check: .resource),
            Call(command: deploy, action: "cloudformation:CreateChangeSet", resource: "arn:aws:cloudformation:\(r):aws:transform/Serverless-2016-10-31", check: .resource),
            Call(command: deploy, action: "cloudformation:ExecuteChangeSet", resource: managed, check: .resource),
            Call(command: deploy, action: "s3:CreateBucket", resource: bucket, check: .cloudFormation),
            Call(command: deploy, action: "s3:PutBucketVersioning", resource: bucket, check: .cloudFormation),
            Call(command: deploy, action: "s3:PutBucketPolicy", resource: bucket, check: .cloudFormation),
            Call(command: deploy, action: "cloudformation:CreateChangeSet", resource: stackArn, check: .resource),
            Call(command: deploy, action: "cloudformation:DescribeChangeSet", resource: stackArn, check: .resource),
            Call(command: deploy, action: "cloudformation:ExecuteChangeSet", resource: stackArn, check: .resource),
            Call(command: deploy, action: "cloudformation:DescribeStackEvents", resource: stackArn, check: .resource),
            Call(command: deploy, action: "iam:CreateRole", resource: role, check: .cloudFormation),
            Call(command: deploy, action: "iam:TagRole", resource: role, check: .cloudFormation),
            Call(command: deploy, action: "iam:AttachRolePolicy", resource: role, check: .cloudFormation),
            Call(command: deploy, action: "lambda:CreateFunction", resource: fn, check: .cloudFormation),
            Call(command: deploy, action: "iam:PassRole", resource: role, check: .cloudFormation),
            Call(command: deploy, action: "lambda:TagResource", resource: fn, check: .cloudFormation),
            Call(command: deploy, action: "s3:GetObject", resource: bucket + "/\(stack)/…", check: .cloudFormation),
            Call(command: "aws lambda invoke", action: "lambda:InvokeFunction", resource: fn, check: .resource),
            Call(command: delete, action: "cloudformation:GetTemplate", resource: stackArn, check: .resource),
            Call(command: delete, action: "cloudformation:DeleteStack", resource: stackArn, check: .resource),
            Call(command: delete, action: "lambda:DeleteFunction", resource: fn, check: .cloudFormation),
            Call(command: delete, action: "iam:DetachRolePolicy", resource: role, check: .cloudFormation),
            Call(command: delete, action: "iam:DeleteRole", resource: role, check: .cloudFormation),
        ]
    }

    /// S3 object calls moto checks itself (no launcher line): observed in the run's recording.
    public static let s3Calls = [
        ("sam deploy", "HeadObject, PutObject (code zip and packaged template)", "s3:GetObject, s3:PutObject"),
        ("sam delete", "ListObjectsV2, DeleteObject", "s3:ListBucket, s3:DeleteObject"),
    ]

    /// One action removed at a time: the step that fails and the error it prints (the test asserts each).
    public struct Counter: Sendable {
        public let action: String
        public let statement: String
        public let failingStep: String
        public let message: String
        /// Where the job sees it: the step's output, or (for CloudFormation's own calls) the stack's events.
        public var inStackEvents: Bool = false
        /// False when moto itself refuses (S3): the launcher then logs nothing.
        public var launcherLogs: Bool { !action.hasPrefix("s3:") }
    }

    public static let counters: [Counter] = [
        Counter(action: "cloudformation:CreateChangeSet", statement: "SamServerlessTransform", failingStep: "sam deploy",
                message: "is not authorized to perform: cloudformation:CreateChangeSet"),
        Counter(action: "s3:PutObject", statement: "SamArtifactObjects", failingStep: "sam deploy",
                message: "An error occurred (AccessDenied) when calling the PutObject operation"),
        Counter(action: "iam:TagRole", statement: "FunctionRoles", failingStep: "sam deploy",
                message: "is not authorized to perform: iam:TagRole", inStackEvents: true),
        Counter(action: "lambda:InvokeFunction", statement: "LambdaFunctions", failingStep: "aws lambda invoke",
                message: "is not authorized to perform: lambda:InvokeFunction"),
    ]

    /// The status analysis's policy, run the same way: where it stops.
    public static let statusAnalysisFailure = "is not authorized to perform: cloudformation:CreateChangeSet"

    /// Sources read at the pinned versions.
    public static func samSource(_ path: String) -> String {
        "https://github.com/aws/aws-sam-cli/blob/v\(samVersion)/\(path)"
    }
}
