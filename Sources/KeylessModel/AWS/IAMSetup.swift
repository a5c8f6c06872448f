/// Everything one AWS account needs so GitHub workflows can assume roles with OIDC: the identity
/// provider and the roles that trust it. Terraform, CloudFormation and the AWS CLI script are all
/// emitted from this one value and parsed back into it.
public struct IAMSetup: Hashable, Sendable {
    public var account: AccountID
    public var partition: String
    public var provider: OIDCProvider
    public var roles: [Role]
    /// The GitHub organisation the trust policies name; a variable (parameter) in the IaC forms.
    public var organization: String
    /// The repository names the trust policies name; each one a variable (parameter) in the IaC forms.
    public var repositories: [String]

    public init(account: AccountID, partition: String = "aws", provider: OIDCProvider, roles: [Role], organization: String, repositories: [String]) {
        self.account = account
        self.partition = partition
        self.provider = provider
        self.roles = roles
        self.organization = organization
        self.repositories = repositories
    }

    public var providerARN: ARN { provider.arn(account: account, partition: partition) }
}
