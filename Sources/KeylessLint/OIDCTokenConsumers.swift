import KeylessModel

/// Steps that request the job's OIDC token for something other than AWS, so `id-token: write` is needed
/// there too. Each entry is from the service's or the action's documentation.
package enum OIDCTokenConsumers {
    /// Action repository → where its need for `id-token: write` is documented.
    package static let actions: [String: String] = [
        // "Ensure GITHUB_TOKEN has permission "id-token: write"." is its error without it (issue #9).
        "actions/deploy-pages": "https://github.com/actions/deploy-pages/issues/9",
        "pypa/gh-action-pypi-publish": "https://docs.pypi.org/trusted-publishers/using-a-publisher/",
        "actions/attest-build-provenance": "https://docs.github.com/en/actions/how-tos/secure-your-work/use-artifact-attestations/use-artifact-attestations",
        "actions/attest": "https://docs.github.com/en/actions/how-tos/secure-your-work/use-artifact-attestations/use-artifact-attestations",
        "actions/attest-sbom": "https://docs.github.com/en/actions/how-tos/secure-your-work/use-artifact-attestations/use-artifact-attestations",
        "google-github-actions/auth": "https://github.com/google-github-actions/auth",
        "azure/login": "https://learn.microsoft.com/en-us/azure/developer/github/connect-from-azure-openid-connect",
        "sigstore/gh-action-sigstore-python": "https://github.com/sigstore/gh-action-sigstore-python",
    ]

    /// `npm publish --provenance` signs with the job's token (https://docs.npmjs.com/generating-provenance-statements).
    static func runNeedsToken(_ script: String) -> Bool {
        script.contains("npm publish") && script.contains("--provenance")
    }

    /// The job has a step that requests the OIDC token for another service.
    package static func needsToken(_ job: Job) -> Bool {
        job.steps.contains { step in
            if let r = step.uses?.repository, actions[r.lowercased()] != nil { return true }
            if let run = step.run, runNeedsToken(run) { return true }
            return false
        }
    }
}
