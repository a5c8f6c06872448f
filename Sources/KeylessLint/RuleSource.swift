import KeylessModel

/// The documents the rules rest on, shared by several rules.
enum RuleSource {
    static let oidcDoc = KeylessModel.Reference("GitHub: OpenID Connect reference", "https://docs.github.com/en/actions/reference/security/oidc")
    static let awsDoc = KeylessModel.Reference("GitHub: configuring OIDC in Amazon Web Services", "https://docs.github.com/en/actions/how-tos/secure-your-work/security-harden-deployments/oidc-in-aws")
    static let action = KeylessModel.Reference("aws-actions/configure-aws-credentials README", "https://github.com/aws-actions/configure-aws-credentials#readme")
    static let sts = KeylessModel.Reference("AWS STS API: AssumeRoleWithWebIdentity", "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html")
    static let operators = KeylessModel.Reference("AWS IAM: condition operators", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html")
    static let multiValue = KeylessModel.Reference("AWS IAM: multivalued context keys", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html")
    static let hardening = KeylessModel.Reference("GitHub: security hardening, using third-party actions", "https://docs.github.com/en/actions/reference/security/secure-use#using-third-party-actions")
    static let lambdaSAR = KeylessModel.Reference("Service Authorization Reference: AWS Lambda", "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html")
    static let s3SAR = KeylessModel.Reference("Service Authorization Reference: Amazon S3", "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html")
    static let grammar = KeylessModel.Reference("AWS IAM: Version element", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html")
}
