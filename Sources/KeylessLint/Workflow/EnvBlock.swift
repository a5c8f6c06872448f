import KeylessModel

/// One `env:` block of a workflow, job or step, with where it is.
package struct EnvBlock {
    package var env: [KeyValue]
    package var path: [PathItem]
}
