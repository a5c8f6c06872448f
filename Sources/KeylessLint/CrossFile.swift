import KeylessSyntax
import KeylessModel

extension Linter {
    /// Rules that need more than one file (today the call half of `missing-id-token`).
    public func crossFile(_ decoded: [DecodedWorkflow]) -> [Diagnostic] {
        MissingIDToken.checkCalls(decoded)
    }

    /// Only callers of local workflows and reusable workflows matter here; the rest are not read twice.
    public static func mayTakePartInACall(_ text: String) -> Bool {
        ASCIILine.containsBytes(text, "uses: ./") || ASCIILine.containsBytes(text, "workflow_call")
    }
}
