import KeylessIaC
import KeylessSyntax
import KeylessModel

/// A piece of reference output and the model it is made from.
public struct Snippet: Hashable, Sendable {
    public enum Content: Hashable, Sendable {
        /// A whole workflow file.
        case workflow(Workflow)
        /// A list of steps, as shown inside a job (a fragment, not a file GitHub would run).
        case steps([Step])
        case policy(PolicyDocument)
        /// Shell commands, one per item, written with single-quoted arguments where needed.
        case shell([ShellCommand])
        /// The provider, roles and policies as Terraform (HCL).
        case terraform(IAMSetup)
        /// The provider, roles and policies as a CloudFormation YAML template.
        case cloudFormation(IAMSetup)
        /// The provider, roles and policies as an idempotent bash script of AWS CLI calls.
        case awsCLIScript(IAMSetup)
    }

    /// Kebab-case, unique; the snippet's file name derives from it.
    public var id: String
    /// Relative to the output root, for example `Snippets/workflows/after/lambda-tests.yml`.
    public var path: String
    public var title: String
    public var content: Content
    /// Teaching comments placed at the end of the line of a key path (YAML snippets only).
    public var comments: [SnippetComment]

    public init(id: String, path: String, title: String, content: Content, comments: [SnippetComment] = []) {
        self.id = id
        self.path = path
        self.title = title
        self.content = content
        self.comments = comments
    }

    /// The code-block language of the snippet's format.
    public var language: String {
        switch content {
        case .workflow, .steps: return "yaml"
        case .policy: return "json"
        case .shell, .awsCLIScript: return "bash"
        case .terraform: return "hcl"
        case .cloudFormation: return "yaml"
        }
    }

    /// True for snippets that show a wrong or outdated form on purpose (`before/` in the path).
    public var isBefore: Bool { path.split(separator: "/").contains("before") }
}
