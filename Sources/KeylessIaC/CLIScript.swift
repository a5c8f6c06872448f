import KeylessSyntax
import KeylessModel

/// The setup as a bash script of AWS CLI calls that creates or updates the provider, the roles and
/// their inline policies. Idempotent: a second run updates in place. The account is the caller's
/// (`aws sts get-caller-identity`) unless `AWS_ACCOUNT_ID` is set; `AWS_ENDPOINT_URL`, `AWS_PROFILE`,
/// `AWS_REGION` and the other usual variables apply as to any `aws` command.
public enum CLIScriptIAM {
    /// The fixed part: options, the account, and the three create-or-update functions.
    static func prelude(_ setup: IAMSetup) -> String {
        """
        #!/usr/bin/env bash
        # \(Banner.text)
        # Creates or updates the GitHub OIDC provider, the IAM roles and their inline policies.
        # Safe to run again: existing resources are updated in place. Run with no arguments.
        set -euo pipefail

        # --endpoint-url as well as AWS_ENDPOINT_URL, so older CLI versions reach the same endpoint.
        endpoint=()
        if [[ -n "${AWS_ENDPOINT_URL:-}" ]]; then
          endpoint=(--endpoint-url "$AWS_ENDPOINT_URL")
        fi
        awscli() {
          aws "${endpoint[@]}" "$@"
        }

        account_id="${AWS_ACCOUNT_ID:-}"
        if [[ -z "$account_id" ]]; then
          account_id="$(awscli sts get-caller-identity --query Account --output text)"
        fi
        partition="${AWS_PARTITION:-\(setup.partition)}"

        # The documents below name the account as \(setup.account.description); this puts in the real one.
        fill() {
          printf '%s' "${1//\(setup.account.description)/$account_id}"
        }

        ensure_provider() {
          local url="$1"
          shift
          local arn="arn:${partition}:iam::${account_id}:oidc-provider/${url#https://}"
          if awscli iam get-open-id-connect-provider --open-id-connect-provider-arn "$arn" >/dev/null 2>&1; then
            local have audience
            have="$(awscli iam get-open-id-connect-provider --open-id-connect-provider-arn "$arn" --query 'ClientIDList[]' --output text)"
            for audience in "$@"; do
              if ! tr '\\t' '\\n' <<<"$have" | grep -qxF -- "$audience"; then
                awscli iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn "$arn" --client-id "$audience"
              fi
            done
            echo "provider ${arn}: up to date"
          else
            awscli iam create-open-id-connect-provider --url "$url" --client-id-list "$@" >/dev/null
            echo "provider ${arn}: created"
          fi
        }

        ensure_role() {
          local name="$1" path="$2" duration="$3" description="$4" trust
          trust="$(fill "$5")"
          if awscli iam get-role --role-name "$name" >/dev/null 2>&1; then
            awscli iam update-assume-role-policy --role-name "$name" --policy-document "$trust"
            awscli iam update-role --role-name "$name" --max-session-duration "$duration" --description "$description"
            echo "role ${name}: updated"
          else
            awscli iam create-role --role-name "$name" --path "$path" --max-session-duration "$duration" \\
              --description "$description" --assume-role-policy-document "$trust" >/dev/null
            echo "role ${name}: created"
          fi
        }

        put_policy() {
          awscli iam put-role-policy --role-name "$1" --policy-name "$2" --policy-document "$(fill "$3")"
          echo "policy ${2} of ${1}: put"
        }

        """
    }

    static func variable(_ role: Role) -> String { "trust_" + IaCParameters.snake(role.name) }
    static func variable(_ role: Role, _ p: NamedPolicy) -> String {
        "policy_" + IaCParameters.snake(role.name) + "_" + IaCParameters.snake(p.name)
    }

    /// Fails when a value cannot sit inside single quotes as written (a quote in a policy, say).
    public static func problems(_ setup: IAMSetup) -> [String] {
        var out: [String] = []
        let texts = setup.roles.flatMap { r in [r.name, r.path, r.description ?? "", PolicyCodec.text(r.trustPolicy)] + r.permissionPolicies.flatMap { [$0.name, PolicyCodec.text($0.document)] } }
            + [setup.provider.url] + setup.provider.audiences
        for t in texts where t.contains("'") { out.append("a value contains a single quote: \(t.prefix(40))") }
        if setup.roles.contains(where: { $0.description == nil }) { out.append("every role needs a description for the CLI script") }
        return out
    }

    public static func text(_ setup: IAMSetup) -> String {
        var out = prelude(setup)
        for role in setup.roles {
            out += "\n# Who may assume \(role.name).\n"
            out += "\(variable(role))='\(PolicyCodec.text(role.trustPolicy).droppingTrailingNewlines())'\n"
            for p in role.permissionPolicies {
                out += "\n# What \(role.name) may do: inline policy \(p.name).\n"
                out += "\(variable(role, p))='\(PolicyCodec.text(p.document).droppingTrailingNewlines())'\n"
            }
        }
        out += "\n" + ShellScript.quoteWords(["ensure_provider", setup.provider.url] + setup.provider.audiences) + "\n"
        for role in setup.roles {
            out += ShellScript.quoteWords(["ensure_role", role.name, role.path, String(role.maxSessionDuration), role.description ?? ""])
                + " \"$\(variable(role))\"\n"
            for p in role.permissionPolicies {
                out += ShellScript.quoteWords(["put_policy", role.name, p.name]) + " \"$\(variable(role, p))\"\n"
            }
        }
        return out
    }

    /// Reads a script written by `text(_:)` back: the prelude must be exactly the generated one, then
    /// the documents (single-quoted JSON) and the calls that use them.
    public static func parse(_ text: String, account: AccountID, organization: String, repositories: [String], partition: String = "aws") throws(IaCParseError) -> IAMSetup {
        let base = IAMSetup(account: account, partition: partition, provider: OIDCProvider(url: "", audiences: []), roles: [],
                            organization: organization, repositories: repositories)
        let head = prelude(base)
        guard text.hasPrefix(head) else { throw IaCParseError("the fixed part of the script differs from the generated one") }
        let preludeLines = head.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        let lines = text.dropFirst(head.count).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var docs: [String: PolicyDocument] = [:]
        var provider: OIDCProvider?
        var roles: [Role] = []
        var i = 0
        while i < lines.count {
            let line = lines[i], number = preludeLines + i + 1
            i += 1
            if line.isEmpty || line.hasPrefix("# ") { continue }
            if let eq = line.firstIndex(of: "="), line[line.index(after: eq)...].hasPrefix("'"),
               line[..<eq].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
                let name = String(line[..<eq])
                var body = String(line[line.index(eq, offsetBy: 2)...])
                while !body.hasSuffix("'") {
                    guard i < lines.count else { throw IaCParseError(line: number, "unterminated quote in \(name)") }
                    body += "\n" + lines[i]
                    i += 1
                }
                do { docs[name] = try PolicyCodec.decode(String(body.dropLast())) } catch {
                    throw IaCParseError(line: number, "\(name): \(error)")
                }
                continue
            }
            guard let words = ShellScript.splitWords(line), let command = words.first else { throw IaCParseError(line: number, "cannot split the line into words") }
            func doc(_ w: String) throws(IaCParseError) -> PolicyDocument {
                guard w.hasPrefix("\"$"), w.hasSuffix("\""), let d = docs[String(w.dropFirst(2).dropLast())] else {
                    throw IaCParseError(line: number, "\(w) is not a document defined above")
                }
                return d
            }
            switch command {
            case "ensure_provider" where words.count >= 2:
                provider = OIDCProvider(url: words[1], audiences: Array(words.dropFirst(2)))
            case "ensure_role" where words.count == 6:
                guard let duration = Int(words[3]) else { throw IaCParseError(line: number, "bad duration \(words[3])") }
                roles.append(Role(name: words[1], path: words[2], description: words[4], maxSessionDuration: duration, trustPolicy: try doc(words[5])))
            case "put_policy" where words.count == 4:
                guard let r = roles.lastIndex(where: { $0.name == words[1] }) else { throw IaCParseError(line: number, "put_policy before ensure_role \(words[1])") }
                roles[r].permissionPolicies.append(NamedPolicy(name: words[2], document: try doc(words[3])))
            default:
                throw IaCParseError(line: number, "unexpected command: \(line)")
            }
        }
        guard let provider else { throw IaCParseError("the script never calls ensure_provider") }
        var setup = base
        setup.provider = provider
        setup.roles = roles
        return setup
    }
}

extension ShellScript {
    /// Words joined by spaces, each quoted as `quote(_:)` does.
    static func quoteWords(_ words: [String]) -> String { words.map(quote).joined(separator: " ") }
}
